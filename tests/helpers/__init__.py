"""Small programs the reliability tests run in subprocesses (lock holders, killed writers)."""
