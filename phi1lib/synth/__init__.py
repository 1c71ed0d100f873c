"""The synthesis stage: textbooks and exercises requested from a teacher, validated, deduplicated and
measured for diversity (`synthesize`).
"""
