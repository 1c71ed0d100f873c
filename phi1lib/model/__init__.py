"""The phi-1-shaped transformer (`transformer`), its KV-cache decoder (`generate`) and the Hugging Face
export and import (`hf_interop`).
"""
