"""Who writes the synthetic data: the request/answer protocol every teacher speaks (`protocol`), the
prompts with the paper's diversity constraints (`prompts`), an OpenAI-compatible client and its disk cache
(`openai_client`, `cache`), and the offline teacher that stands in for GPT-3.5 on a laptop (`offline`).
"""
