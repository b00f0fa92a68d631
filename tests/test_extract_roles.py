"""Roles: head words in every case and compound, roles shared by several people, roles around a name."""

from __future__ import annotations

import pytest

from ingest.reading import protocol_from_text

HEADER = "Протокол № 2\nзаседания совета\nот 11.11.2022\n\n"


def extract(extractor, body: str):
    return extractor.extract(protocol_from_text(HEADER + body, "case.txt"))


@pytest.mark.parametrize(
    ("body", "name", "role"),
    [
        # hyphenated compounds whose role word is either half
        ("Повестка дня:\n1. Отчёт.\n\nСлово предоставили старшему тренеру-преподавателю Юсупову Р.Р., который отчитался.",
         "Юсупов Р.Р.", "старший тренер-преподаватель"),
        ("Повестка дня:\n1. Отчёт.\n\nСлушали: офицера-воспитателя 8 «А» класса Бондаря П.П., который рассказал о дисциплине.",
         "Бондарь П.П.", "офицер-воспитатель 8 «А» класса"),
        # "ответственный за …" is a role, never neuter, in the masculine for a woman too
        ("Повестка дня:\n1. Отчёт.\n\nСлушали: Ревякину О.О., ответственного за профилактику ДДТТ, которая доложила.",
         "Ревякина О.О.", "ответственный за профилактику ДДТТ"),
        ("Повестка дня:\n1. Отчёт.\n\nСлушали: старшую медицинскую сестру Галееву Л.Р., которая напомнила о прививках.",
         "Галеева Л.Р.", "старшая медицинская сестра"),
        # a second role right after the name, in the same case, is stated at the same mention
        ("Повестка дня:\n1. Отчёт.\n\nСлушали: учителя истории Власова В.В., руководителя ШМО, который представил план.",
         "Власов В.В.", "учитель истории, руководитель ШМО"),
    ],
)
def test_roles_of_speakers(extractor, body, name, role):
    protocol = extract(extractor, body)
    assert [(s.name, s.role) for s in protocol.speakers][:1] == [(name, role)]


@pytest.mark.parametrize(
    ("body", "name", "role"),
    [
        # two roles in the nominative, the second with its organization, a relative clause after them
        ("Повестка дня:\n1. Отчёт.\n\nПо первому вопросу выступил Тимофеев Т.Т., куратор программы, директор МБОУ «СОШ № 8», "
         "который рассказал о наставничестве.", "Тимофеев Т.Т.", "куратор программы, директор МБОУ «СОШ № 8»"),
        ("Повестка дня:\n1. Отчёт.\n\nПо первому вопросу выступил Яковлев Я.Я., методист, руководитель РМО: план принят.",
         "Яковлев Я.Я.", "методист, руководитель РМО"),
        # a nominative role followed by a name is that person's, not the speaker's second one
        ("Повестка дня:\n1. Отчёт.\n\nПо первому вопросу выступила Яковлева Я.Я., методист, учитель физики Орлова О.О. дополнила её.",
         "Яковлева Я.Я.", "методист"),
        # an abbreviation in mixed case closing a role before the name
        ("Повестка дня:\n1. Отчёт.\n\nСлушали: руководителя ПМПк Зотову З.З., которая доложила о детях.",
         "Зотова З.З.", "руководитель ПМПк"),
        # an abbreviation whose dependents wrap onto the next line
        ("Повестка дня:\n1. Отчёт.\n\nСлушали: Ершова Е.Е., руководителя МО\nучителей естественных наук, который доложил о плане.",
         "Ершов Е.Е.", "руководитель МО учителей естественных наук"),
    ],
)
def test_roles_in_two_parts_or_with_a_body_after_them(extractor, body, name, role):
    protocol = extract(extractor, body)
    assert [(s.name, s.role) for s in protocol.speakers][:1] == [(name, role)]


@pytest.mark.parametrize(
    ("listing", "people"),
    [
        ("Модераторы: Гаврилова Е.Е., Осипова Н.Н., методисты ИМЦ",
         [("Гаврилова Е.Е.", "методист ИМЦ"), ("Осипова Н.Н.", "методист ИМЦ")]),
        ("Присутствовали: Гаврилова Е.Е. и Осипова Н.Н., учителя химии; Романов Р.Р., учитель физики",
         [("Гаврилова Е.Е.", "учитель химии"), ("Осипова Н.Н.", "учитель химии"), ("Романов Р.Р.", "учитель физики")]),
        # a singular role after the second name is that person's only
        ("Присутствовали: Гаврилова Е.Е., Осипова Н.Н., учитель химии", [("Гаврилова Е.Е.", None), ("Осипова Н.Н.", "учитель химии")]),
    ],
)
def test_a_plural_role_after_several_names_is_each_ones(extractor, listing, people):
    protocol = extract(extractor, listing + "\nПовестка дня:\n1. Разное.\n")
    assert [(p.name, p.role) for p in protocol.participants] == people


def test_a_plural_role_after_several_speakers(extractor):
    protocol = extract(extractor, "Повестка дня:\n1. Отчёт.\n\nСлушали: Гаврилову Е.Е. и Осипову Н.Н., методистов ИМЦ, "
                                  "которые рассказали о конкурсе.")
    assert [(s.name, s.role) for s in protocol.speakers] == [("Гаврилова Е.Е.", "методист ИМЦ"), ("Осипова Н.Н.", "методист ИМЦ")]


@pytest.mark.parametrize(
    ("body", "name", "role"),
    [
        # a role adjective written short before its head, kept as written
        ("Повестка дня:\n1. Отчёт.\n\nСлушали: Гусеву И.И., ст. воспитателя, которая рассказала о плане.", "Гусева И.И.", "ст. воспитатель"),
        ("Повестка дня:\n1. Отчёт.\n\nПо первому вопросу выступил гл. бухгалтер Орлов О.О. о смете.", "Орлов О.О.", "гл. бухгалтер"),
        ("Повестка дня:\n1. Отчёт.\n\nСлушали: соц. педагога Зуеву Ф.Ф. о профилактике.", "Зуева Ф.Ф.", "соц. педагог"),
    ],
)
def test_abbreviated_role_adjectives(extractor, body, name, role):
    protocol = extract(extractor, body)
    assert [(s.name, s.role) for s in protocol.speakers] == [(name, role)]
