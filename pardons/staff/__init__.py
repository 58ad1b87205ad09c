"""Staff tools for decrees: the admin (counts first, people later) and the decree-people CSV."""
