"""The incident viewer: stored runs and sweeps, for people (see runs.py for who may see them)."""
