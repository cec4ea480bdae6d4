// Module NNModels: see README.md (Layout) for what it owns.
