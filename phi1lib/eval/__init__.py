"""Scoring models by running their code: HumanEval, MBPP and the held-out exercises (`benchmarks`), how a
model is asked for completions (`backends`), the sandbox that runs untrusted completions: limits,
namespaces, Landlock, verdicts from a trusted checker (`sandbox`, `sandbox_child`), pass@k and
likelihoods (`passk`, `loglik`), stage 5: every model on every benchmark (`harness`), pass@1 at the
checkpoints along each run (`capability`) and `phi1 eval-samples` (`cli`).
"""
