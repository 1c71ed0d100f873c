"""Who writes the synthetic data: the request/answer protocol and answer format every teacher speaks
(`protocol`), the prompts with the paper's diversity constraints (`prompts`), an OpenAI-compatible
client (async, bounded concurrency, retries, hedged stragglers, batches submitted ahead, cost) and its
crash-safe disk cache shared by processes (`openai_client`, `cache`), whether an exercise's tests tell its
task from a trivial answer (`adequacy`), and the offline teacher that stands
in for GPT-3.5 on a laptop (`offline`: 159 concept families over 16 themes, several solution forms per
task, five docstring phrasings, textbook sections with traces, mistakes and exercises, and three pipeline
families whose exercises are assembled from steps).
"""
