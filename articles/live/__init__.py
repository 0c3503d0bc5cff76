"""Live coverage: a story covered as timestamped updates, through the workflow and the cache."""
