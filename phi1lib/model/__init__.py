"""The phi-1-shaped transformer (`transformer`), its KV-cache decoder (`generate`), where a completion
ends (`stops`), the model read back from a training checkpoint (`checkpoint`) and the Hugging Face export
and import (`hf_interop`).
"""
