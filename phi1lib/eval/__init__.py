"""Scoring models by running their code: the benchmarks (`benchmarks`), how a model is asked for
completions (`backends`), the sandbox that runs them (`sandbox`, `sandbox_child`), pass@k and
likelihoods (`passk`, `loglik`), the evaluation of every model (`harness`), capability against compute
(`capability`) and `phi1 eval-samples` (`cli`).
"""
