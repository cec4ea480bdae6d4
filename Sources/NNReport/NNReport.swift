// Module NNReport: see README.md (Layout) for what it owns.
