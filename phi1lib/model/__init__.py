"""The phi-1-shaped transformer (`transformer`), its KV-cache decoder (`generate`), where a completion
ends (`stops`), a training run's checkpoint files and the model read back from one (`checkpoint`) and the
Hugging Face `PhiForCausalLM` export and import, `phi1 export` (`hf_interop`).
"""
