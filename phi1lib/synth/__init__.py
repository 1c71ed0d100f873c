"""Stage 2, synthesis: textbooks and exercises requested from a teacher, validated in the sandbox,
deduplicated and measured for diversity (`synthesize`), and the same stage as N resumable tasks on
datatrove's executors or any launcher, then a merge (`shards`).
"""
