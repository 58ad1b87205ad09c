"""The public site: pages per family (home, people, facilities, statistics) and what draws them."""
