// Module NNGraph: see README.md (Layout) for what it owns.
