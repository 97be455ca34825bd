"""Build a question from the YAML a trainer would write in a ```quiz block."""

from lms_service.content.marked_yaml import load
from lms_service.content.questions import ParseContext, Question, parse_question
from lms_service.content.rendering import render


def question(yaml_text: str) -> Question:
    result = parse_question(load(yaml_text, first_line=1), ParseContext("module.md", render))
    assert not isinstance(result, list), [str(problem) for problem in result]
    return result
