"""The filter stage: annotate a sample for educational value (`annotate`), embed every file (`embed`),
train and apply the quality classifier (`quality`), and the stage that runs them in order (`stage`).
"""
