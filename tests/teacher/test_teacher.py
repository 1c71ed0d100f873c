from phi1lib.teacher.protocol import TeacherRequest


def test_cache_key_covers_what_determines_an_answer():
    base = TeacherRequest(prompt="Write a textbook section on loops.", kind="textbook", seed=1)
    assert base.key("m") == TeacherRequest(prompt=base.prompt, kind="textbook", seed=1,
                                           spec={"topic": "ignored by the key"}).key("m")
    variants = [
        base.key("other-model"),
        TeacherRequest(prompt=base.prompt + " ", kind="textbook", seed=1).key("m"),
        TeacherRequest(prompt=base.prompt, kind="textbook", seed=2).key("m"),
        TeacherRequest(prompt=base.prompt, kind="textbook", seed=1, temperature=0.5).key("m"),
        TeacherRequest(prompt=base.prompt, kind="textbook", seed=1, max_tokens=7).key("m"),
        TeacherRequest(prompt=base.prompt, kind="textbook", seed=1, system="be brief").key("m"),
    ]
    assert len(set(variants + [base.key("m")])) == len(variants) + 1
