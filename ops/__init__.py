"""Running the registry the way production does: process helpers and `make stack-test` (ops/stack_test.py)."""
