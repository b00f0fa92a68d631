"""Section markers in capitals, without colons, numbered, inline in flattened text; agenda layouts."""

from __future__ import annotations

import pytest

from extract.sections import split_sections, validate_markers
from ingest.reading import protocol_from_text


def kinds(extractor, text: str) -> list[str]:
    doc = extractor.tools.spacy_nlp(text)
    spans = [(s.label_, s.start_char, s.end_char) for s in doc.spans["markers"]]
    sections = split_sections(text, validate_markers(text, spans, set()))
    blocks = sorted([*sections.attendance, *sections.items, *sections.attachments] + ([sections.agenda] if sections.agenda else []),
                    key=lambda b: b.start)
    return [b.kind for b in blocks]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Протокол\nПрисутствовали: 5\nПовестка дня:\n1. А.\nСлушали: Б.\nРешили: В.", ["present", "agenda", "heard", "decided"]),
        ("ПРОТОКОЛ\nПРИСУТСТВОВАЛИ:\nИванова\nПОВЕСТКА ДНЯ\n1. А.\nСЛУШАЛИ:\nБ.\nРЕШИЛИ:\nВ.", ["present", "agenda", "heard", "decided"]),
        ("Протокол\nПовестка\n1. А.\nСлушали\nБ.\nПостановили\nВ.", ["agenda", "heard", "decided"]),
        ("Протокол\nПовестка заседания\n1. А.\nПо первому вопросу слушали: Б.\nПо первому вопросу решили: В.", ["agenda", "heard", "decided"]),
        ("Протокол\nПовестка собрания:\n1. А.\n1. СЛУШАЛИ: Б.\nВЫСТУПИЛИ: Г.\nРЕШИЛИ: В.\nПриложение: список.",
         ["agenda", "heard", "discussed", "decided", "attachment"]),
        ("Протокол № 2 Присутствовали: 14 чел. Отсутствовали: 5 чел. Повестка дня: 1. А. Слушали Иванову. Решили: принять.",
         ["present", "absent", "agenda", "heard", "decided"]),
        ("Протокол\nПовестка дня:\n1. А.\nРешение собрания:\n1. Б.", ["agenda", "decided"]),
        ("Протокол\nПредседатель: Иванова И.И.\nСекретарь: Петрова П.П.\nПовестка дня:\n1. А.", ["chair", "secretary", "agenda"]),
        ("Протокол\nПовестка дня:\n1. Решение о проведении конкурса.\n2. Разное.", ["agenda"]),
        ("Протокол\nПовестка дня:\n1. А.\nПо второму выступила Лапшина В.С.", ["agenda", "heard"]),
        ("Протокол\nПовестка дня:\n1. А.\nСлово предоставили директору.\nПостановили: принять.", ["agenda", "heard", "decided"]),
    ],
)
def test_section_markers(extractor, text, expected):
    assert kinds(extractor, text) == expected


def test_agenda_items_of_explicit_markers(extractor):
    text = ("Протокол\nПовестка дня:\n1. А.\n2. Б.\n\nПо первому вопросу слушали Иванову И.И.\n\n"
            "По второму вопросу слушали Петрову П.П.\n")
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert [(s.name, s.agenda_item) for s in protocol.speakers] == [("Иванова И.И.", 1), ("Петрова П.П.", 2)]


@pytest.mark.parametrize(
    ("agenda", "items"),
    [
        ("Повестка дня:\n1.Доработка программ.\n2.Обновление планов\n", ["Доработка программ.", "Обновление планов"]),
        ("Повестка дня: 1. Изучение положения. 2. Избрание председателя. 3. Разное.", ["Изучение положения.", "Избрание председателя.", "Разное."]),
        ("Повестка дня:1.Итоги этапа ВсОШ.2.Анализ результатов\nдиагностики.3.Подготовка к сочинению.",
         ["Итоги этапа ВсОШ.", "Анализ результатов диагностики.", "Подготовка к сочинению."]),
        ("Повестка заседания\nИтоги года. Цели и задачи.\n1. Доклад о деятельности.\n2. Составление плана.", ["Доклад о деятельности.", "Составление плана."]),
        ("Повестка дня:\n\n- Факторы риска. Пути решения\n\nВасинова Н.Д., методист\n\nметодического отдела\n\n- Наставничество\n",
         ["Факторы риска. Пути решения", "Наставничество"]),
        ("Повестка родительского собрания:\nПриветственное слово заведующего.\nВыступление логопеда.\nРазное.",
         ["Приветственное слово заведующего.", "Выступление логопеда.", "Разное."]),
        ("Повестка дня: Рассмотрение и утверждение « Положения о выплатах»", ["Рассмотрение и утверждение « Положения о выплатах»"]),
        ("Повестка:\n1. О работе школы в период\nподъема заболеваемости.\n2. Разное.", ["О работе школы в период подъема заболеваемости.", "Разное."]),
    ],
)
def test_agenda_layouts(extractor, agenda, items):
    protocol = extractor.extract(protocol_from_text("Протокол № 1\nот 01.02.2021\n\n" + agenda, "case.txt"))
    assert [a.text for a in protocol.agenda] == items
    for item in protocol.agenda:
        assert " ".join(protocol.text[item.span.start:item.span.end].split()) == item.text


def test_flattened_table_of_items_speeches_and_decisions(extractor):
    text = (
        "Протокол №5\n\n26 декабря 2007 года\n\nПовестка\n\nВыступления\n\nРешение\n\n"
        "1) Педагогические условия\n\nЗаместитель директора Виктор Семенович Лыков охарактеризовал планы.\n\n"
        "1. Ввести программы.\n\n2. Подготовить план. апрель 2008\n\n"
        "2) Результаты работы Надежда Петровна Белоусова, заместитель директора по УВР огласила показатели.\n"
    )
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert [a.text for a in protocol.agenda] == ["Педагогические условия", "Результаты работы"]
    assert [(s.name, s.role, s.agenda_item) for s in protocol.speakers] == [
        ("Лыков В.С.", "заместитель директора", 1), ("Белоусова Н.П.", "заместитель директора по УВР", 2),
    ]
    assert [(d.text, d.agenda_item, d.deadline) for d in protocol.decisions] == [
        ("Ввести программы.", 1, None), ("Подготовить план.", 1, "апрель 2008"),
    ]


# --- structure the held-out protocols showed: OCR'd headings, proceedings, item headings, reporter runs ----------
AGENDA3 = "Протокол № 4\nзаседания методического совета\nот 14.03.2023\n\nПовестка дня:\n1. О сетевом графике.\n2. О наставничестве.\n3. Разное.\n\n"


def speakers_and_decisions(extractor, body: str):
    protocol = extractor.extract(protocol_from_text(AGENDA3 + body, "case.txt"))
    return ([(s.name, s.role, s.agenda_item) for s in protocol.speakers],
            [(d.text, d.agenda_item) for d in protocol.decisions])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # OCR reads "л" as "п" in headings
        ("ПРОТОКОЛ\nПрисутствовапи: 12 чел.\nОтсутствовапи: 2 чел.\nПовестка дня:\n1. А.\nСлушапи: Б.\nРешипи: В.",
         ["present", "absent", "agenda", "heard", "decided"]),
        # singular and feminine forms of the strong words, flattened
        ("Протокол № 3 Присутствовал: Орлов О.О. Приглашена: Ким К.К. Повестка дня: 1. А. Слушали: Б. Постановили: В.",
         ["present", "invited", "agenda", "heard", "decided"]),
        # a decision heading inside flattened text after a sentence end
        ("Протокол Повестка дня: 1. А. По первому вопросу слушали Б. Решение: 1.1. Принять.", ["agenda", "heard", "decided"]),
        # "Ход собрания:" ends the agenda
        ("Протокол\nПовестка дня:\n1. А.\n2. Разное.\nХод собрания:\nСобрание открыл директор.\n", ["agenda", "proceedings"]),
    ],
)
def test_more_section_markers(extractor, text, expected):
    assert kinds(extractor, text) == expected


def test_a_singular_speech_heading_after_the_presenter_is_a_discussant(extractor):
    body = ("1. СЛУШАЛИ: Гордееву Н.П., руководителя МО, которая рассказала о графике.\n"
            "ВЫСТУПИЛ: Лаптев Р.Р. предложил сократить сроки.\nРЕШИЛИ: утвердить график.\n"
            "2. СЛУШАЛИ: Лаптева Р.Р. о наставничестве.\nВыступила Гордеева Н.П., которая поддержала.\nРЕШИЛИ: принять к сведению.\n")
    speakers, decisions = speakers_and_decisions(extractor, body)
    assert speakers == [("Гордеева Н.П.", "руководитель МО", 1), ("Лаптев Р.Р.", None, 2)]
    assert decisions == [("утвердить график.", 1), ("принять к сведению.", 2)]


def test_speakers_opening_an_item_with_a_plural_verb_present_it(extractor):
    body = ("По первому вопросу слушали Гордееву Н.П.\nРешили: утвердить график.\n"
            "Выступили методисты Лаптева Р.Р. и Орлова О.О. с анализом наставничества.\nРешили: принять к сведению.\n")
    speakers, _ = speakers_and_decisions(extractor, body)
    assert speakers == [("Гордеева Н.П.", None, 1), ("Лаптева Р.Р.", "методист", 2), ("Орлова О.О.", "методист", 2)]


@pytest.mark.parametrize(
    "reference",
    ["По первому и второму вопросам слушали", "По 1 и 2 вопросам слушали", "По вопросам 1 и 2 слушали"],
)
def test_one_mention_for_two_items(extractor, reference):
    body = f"{reference} заместителя директора Гордееву Н.П.\nПо третьему вопросу слушали Лаптева Р.Р.\nРешили: принять к сведению.\n"
    speakers, decisions = speakers_and_decisions(extractor, body)
    assert speakers == [("Гордеева Н.П.", "заместитель директора", 1), ("Гордеева Н.П.", "заместитель директора", 2),
                        ("Лаптев Р.Р.", None, 3)]
    assert decisions == [("принять к сведению.", None)]  # one common block after all items


def test_body_headings_repeating_the_agenda_give_the_items(extractor):
    body = ("1. О сетевом графике.\nСЛУШАЛИ: Гордееву Н.П.\nРЕШИЛИ: утвердить график.\n\n"
            "2. О наставничестве.\nСЛУШАЛИ: Лаптева Р.Р.\nРЕШИЛИ: закрепить наставников.\n\n"
            "Разное. Орлова О.О. сообщила о курсах. Коллеги поблагодарили Гордееву Н.П. за работу.\n")
    speakers, decisions = speakers_and_decisions(extractor, body)
    assert speakers == [("Гордеева Н.П.", None, 1), ("Лаптев Р.Р.", None, 2), ("Орлова О.О.", None, 3)]
    assert decisions == [("утвердить график.", 1), ("закрепить наставников.", 2)]


def test_a_numbered_run_of_reporters_interleaved_with_decisions(extractor):
    body = ("Слушали:\n1.Н.П. Гордееву,руководителя МО,которая представила сетевой график.\n"
            "Решили:\n1.1.Утвердить сетевой график.\n1.2.Руководителям ШМО составить планы.\n"
            "2.Методиста Р.Р.Лаптева,который рассказал о закреплении наставников.\n"
            "Решили:\n2.1.Закрепить наставников за молодыми специалистами.\n")
    speakers, decisions = speakers_and_decisions(extractor, body)
    assert speakers == [("Гордеева Н.П.", "руководитель МО", 1), ("Лаптев Р.Р.", "методист", 2)]
    assert decisions == [("Утвердить сетевой график.", 1), ("Руководителям ШМО составить планы.", 1),
                         ("Закрепить наставников за молодыми специалистами.", 2)]


@pytest.mark.parametrize(
    ("body", "agenda", "speakers", "decisions"),
    [
        ("На повестке дня:\n1. О ремонте.\n\nСлово для информации было предоставлено завхозу Юдиной Р.Р.\n"
         "РЕШИЛИ (единогласно):\n1. Провести ремонт.\n",
         ["О ремонте."], [("Юдина Р.Р.", "завхоз", 1)], [("Провести ремонт.", 1)]),
        ("Вопросы для обсуждения:\n1. О ремонте.\n2. О питании.\n\n1. По первому вопросу:\nИнформация завхоза Юдиной Р.Р.\n"
         "Предложено: провести ремонт.\n2. По второму вопросу слушали повара Пак А.А., которая рассказала о меню.\n"
         "По итогам обсуждения решено: обновить меню.\n",
         ["О ремонте.", "О питании."], [("Юдина Р.Р.", "завхоз", 1), ("Пак А.А.", "повар", 2)],
         [("провести ремонт.", 1), ("обновить меню.", 2)]),
    ],
)
def test_more_headings(extractor, body, agenda, speakers, decisions):
    protocol = extractor.extract(protocol_from_text("Протокол № 4\nзаседания совета\nот 14.03.2023\n\n" + body, "case.txt"))
    assert [a.text for a in protocol.agenda] == agenda
    assert [(s.name, s.role, s.agenda_item) for s in protocol.speakers] == speakers
    assert [(d.text, d.agenda_item) for d in protocol.decisions] == decisions


# --- structure the second held-out set showed, in new phrasings --------------------------------------------------
@pytest.mark.parametrize(
    ("body", "speakers", "decisions"),
    [
        # "Слушали также …" and "Также слово было предоставлено …" add a presenter to the item being heard
        ("1. Слушали: Петрову А.А., которая рассказала о графике. Слушали также методиста Ершову В.В., которая дополнила.\n"
         "Решили: 1. Принять к сведению.\n2. Слушали: Орлова О.О. о наставниках.\nРешили: 1. Утвердить план.",
         [("Петрова А.А.", None, 1), ("Ершова В.В.", "методист", 1), ("Орлов О.О.", None, 2)],
         [("Принять к сведению.", 1), ("Утвердить план.", 2)]),
        ("По первому вопросу слушали Петрову А.А. о графике.\nТакже слово было предоставлено учителю Гусеву Ивану, который "
         "предложил перенести сроки.\nРешили: 1. Принять к сведению.",
         [("Петрова А.А.", None, 1), ("Гусев И.", "учитель", 1)], [("Принять к сведению.", 1)]),
        # a speech titled with the next agenda item presents it, though no "по второму вопросу" says so
        ("По первому вопросу слушали Петрову А.А. о графике.\nДалее выступил методист Орлов О.О. с докладом «О наставничестве».\n"
         "Решение: принять к сведению.",
         [("Петрова А.А.", None, 1), ("Орлов О.О.", "методист", 2)], [("принять к сведению.", None)]),
        # a numbered report line after an item's decisions opens the next item
        ("1. Слушали: Петрову А.А. о графике.\nРешили: 1.1. Утвердить график.\n2. Доклад Орлова О.О., наставника, о работе пар.\n"
         "Решили: 2.1. Продолжить работу.",
         [("Петрова А.А.", None, 1), ("Орлов О.О.", "наставник", 2)], [("Утвердить график.", 1), ("Продолжить работу.", 2)]),
    ],
)
def test_presenters_of_the_second_set(extractor, body, speakers, decisions):
    assert speakers_and_decisions(extractor, body) == (speakers, decisions)


@pytest.mark.parametrize(
    "body",
    [
        # a name opening a line of a speech, as its subject, is no presenter
        "Слушали: Петрову А.А. об итогах голосования.\nОрлов О.О. в голосовании участия не принимал.\nРешили: принять.",
        # nor is the row of a flattened table of votes
        "Слушали: Петрову А.А. об итогах.\nФ.И.О.\tДолжность\tЗа\tПротив\nОрлов Олег Олегович\tучитель\t7\t0\nРешили: принять.",
    ],
)
def test_names_opening_lines_that_present_nothing(extractor, body):
    speakers, _ = speakers_and_decisions(extractor, body)
    assert [name for name, _, _ in speakers] == ["Петрова А.А."]


def test_one_entry_per_presenter_and_item(extractor):
    speakers, _ = speakers_and_decisions(extractor, "1. Слушали: Петрову А.А. о графике.\nПетрова А.А. отметила, что график "
                                                    "согласован.\nРешили: утвердить график.")
    assert speakers == [("Петрова А.А.", None, 1)]


@pytest.mark.parametrize(
    "body",
    [
        # items numbered in Roman numerals
        "I. СЛУШАЛИ: Петрову А.А. о графике.\nРЕШИЛИ: утвердить график.\nII. СЛУШАЛИ: Орлова О.О. о наставниках.\n"
        "РЕШИЛИ: продолжить работу.\nIII. Разное.\nСЛУШАЛИ: Зуеву З.З.\nРЕШИЛИ: принять к сведению.",
        # "По вопросу № N слушали"
        "По вопросу № 1 слушали Петрову А.А. о графике.\nРешили: утвердить график.\nПо вопросу № 2 слушали Орлова О.О.\n"
        "Решили: продолжить работу.\nПо пункту 3 повестки слушали Зуеву З.З.\nРешили: принять к сведению.",
        # "Вопрос N." headings, with or without the item's words
        "Вопрос 1. О сетевом графике.\nСлушали: Петрову А.А.\nРешили: утвердить график.\nВопрос № 2\nСлушали: Орлова О.О.\n"
        "Решили: продолжить работу.\nТретий вопрос:\nСлушали: Зуеву З.З.\nРешили: принять к сведению.",
    ],
)
def test_items_numbered_in_other_ways(extractor, body):
    speakers, decisions = speakers_and_decisions(extractor, body)
    assert [(name, item) for name, _, item in speakers] == [("Петрова А.А.", 1), ("Орлов О.О.", 2), ("Зуева З.З.", 3)]
    assert [item for _, item in decisions] == [1, 2, 3]


def test_an_agenda_numbered_in_roman_numerals(extractor):
    text = ("Протокол № 4\nзаседания совета\nот 14.03.2023\n\nПовестка дня:\nI. О сетевом графике.\nII. О наставничестве.\n\n"
            "I. Слушали: Петрову А.А.\nРешили: утвердить график во II полугодии.")
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert [a.text for a in protocol.agenda] == ["О сетевом графике.", "О наставничестве."]
    assert [d.text for d in protocol.decisions] == ["утвердить график во II полугодии."]


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        # a reporter label under a body line repeating the item
        ("1. О сетевом графике.\nДокладчик: Петрова А.А., методист.\nРешили: утвердить график.", [("Петрова А.А.", "методист", 1)]),
        # several presenters after "выступили:" opening the item, split by semicolons
        ("По первому вопросу выступили: Петрова А.А., методист; Орлов О.О., завуч.\nРешили: утвердить график.",
         [("Петрова А.А.", "методист", 1), ("Орлов О.О.", "завуч", 1)]),
    ],
)
def test_more_presenter_forms(extractor, body, speakers):
    assert speakers_and_decisions(extractor, body)[0] == speakers


# --- structure the third held-out set showed, in new phrasings ---------------------------------------------------
@pytest.mark.parametrize(
    ("body", "speakers", "decisions"),
    [
        # "Информировал(а) …" opening a numbered item after the previous item's decisions
        ("1. Слушали: Петрову А.А. о графике.\nРешили: утвердить график.\n"
         "2. Информировал завхоз Юдин Р.Р.: ремонт кровли завершён, замечаний нет.\nРешили: принять к сведению.",
         [("Петрова А.А.", None, 1), ("Юдин Р.Р.", "завхоз", 2)], [("утвердить график.", 1), ("принять к сведению.", 2)]),
        ("1. Проинформировала Зуева З.З. о наборе в кружки.\nРешили: 1. Открыть кружок шахмат.\n"
         "2. Слушали: Орлова О.О.\nРешили: 1. Продлить срок.",
         [("Зуева З.З.", None, 1), ("Орлов О.О.", None, 2)], [("Открыть кружок шахмат.", 1), ("Продлить срок.", 2)]),
        # "С докладом / с сообщением выступил(а) …": the report named before the verb
        ("1. Слушали: Петрову А.А. о графике.\nРешили: утвердить график.\n"
         "2. С докладом выступил методист Орлов О.О.: наставники закреплены.\nРешили: продолжить работу.",
         [("Петрова А.А.", None, 1), ("Орлов О.О.", "методист", 2)], [("утвердить график.", 1), ("продолжить работу.", 2)]),
        ("1. С сообщением выступила учитель музыки Гусева И.И. Ирина Ивановна рассказала о хоре.\nРешили: принять к сведению.",
         [("Гусева И.И.", "учитель музыки", 1)], [("принять к сведению.", 1)]),
        # the report's topic between "с сообщениями" and the plural verb: both present the item
        ("1. С докладами о летнем отдыхе выступили Гусева И.И., вожатая, и Орлов О.О., учитель.\nРешили: принять к сведению.",
         [("Гусева И.И.", "вожатая", 1), ("Орлов О.О.", "учитель", 1)], [("принять к сведению.", 1)]),
        # "По второму вопросу." closed by a full stop, then a reporter label with a bare name
        ("1. Слушали: Петрову А.А. о графике.\nРешили: утвердить график.\nПо второму вопросу. Докладчик: Орлов О.О.\n"
         "Наставники закреплены за всеми молодыми специалистами.\nРешили: продолжить работу.",
         [("Петрова А.А.", None, 1), ("Орлов О.О.", None, 2)], [("утвердить график.", 1), ("продолжить работу.", 2)]),
        # a group heard without names keeps its plural role; one person's role stays singular
        ("1. Слушали воспитателей старших групп, которые рассказали о праздниках.\nРешили: принять к сведению.\n"
         "2. Слушали: заведующего хозяйством о ремонте.\nРешили: утвердить смету.",
         [(None, "воспитатели старших групп", 1), (None, "заведующий хозяйством", 2)],
         [("принять к сведению.", 1), ("утвердить смету.", 2)]),
        # other report verbs opening a numbered item
        ("1. Слушали: Петрову А.А. о графике.\nРешили: утвердить график.\n2. Доложила медсестра Гусева И.И.: прививки сделаны.\n"
         "Решили: принять к сведению.",
         [("Петрова А.А.", None, 1), ("Гусева И.И.", "медсестра", 2)], [("утвердить график.", 1), ("принять к сведению.", 2)]),
        ("1. Отчитался завхоз Юдин Р.Р. о ремонте.\nРешили: принять отчёт.\n2. Сообщила Зуева З.З. о наборе в кружки.\n"
         "Решили: открыть кружок.",
         [("Юдин Р.Р.", "завхоз", 1), ("Зуева З.З.", None, 2)], [("принять отчёт.", 1), ("открыть кружок.", 2)]),
        # the topic before the report verb
        ("1. Слушали: Петрову А.А. о графике.\nРешили: утвердить график.\n2. Об итогах ремонта рассказал завхоз Юдин Р.Р.\n"
         "Решили: принять к сведению.",
         [("Петрова А.А.", None, 1), ("Юдин Р.Р.", "завхоз", 2)], [("утвердить график.", 1), ("принять к сведению.", 2)]),
        # a report verb opening a numbered item with only a role: an unnamed presenter
        ("1. Слушали: Петрову А.А. о графике.\nРешили: утвердить график.\n2. Информировал заведующий хозяйством о ремонте.\n"
         "Решили: принять к сведению.",
         [("Петрова А.А.", None, 1), (None, "заведующий хозяйством", 2)], [("утвердить график.", 1), ("принять к сведению.", 2)]),
    ],
)
def test_presenters_of_the_third_set(extractor, body, speakers, decisions):
    assert speakers_and_decisions(extractor, body) == (speakers, decisions)


@pytest.mark.parametrize(
    ("body", "speakers", "decisions"),
    [
        # a report verb after the item's reference inside the sentence, active or passive (its agent in the instrumental)
        ("По первому вопросу слушали Зуеву Ф.Ф. о плане.\n\nСвоим опытом по второму вопросу поделился Орлов О.О., "
         "учитель технологии.\n\nДоклад по третьему вопросу сделан Гусевой И.И., заведующей библиотекой.\n\n"
         "Решили:\n1. Принять к сведению.\n",
         [("Зуева Ф.Ф.", None, 1), ("Орлов О.О.", "учитель технологии", 2), ("Гусева И.И.", "заведующая библиотекой", 3)],
         [("Принять к сведению.", None)]),
        ("По первому вопросу слушали Зуеву Ф.Ф. о плане.\nРешили: утвердить план.\n"
         "Сообщение по второму вопросу озвучено Орловым О.О., методистом.\nРешили: принять к сведению.\n",
         [("Зуева Ф.Ф.", None, 1), ("Орлов О.О.", "методист", 2)], [("утвердить план.", 1), ("принять к сведению.", 2)]),
    ],
)
def test_presenters_after_an_item_reference_inside_the_sentence(extractor, body, speakers, decisions):
    assert speakers_and_decisions(extractor, body) == (speakers, decisions)


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        # a list the presenter's own sentence introduces names its subjects
        ("1. Слушали: Зуеву Ф.Ф., заместителя директора, которая назвала кандидатов на премию:\n"
         "- Орлова Олега Олеговича, учителя истории;\n- Гусеву Инну Ивановну, учителя музыки.\nРешили: принять к сведению.",
         [("Зуева Ф.Ф.", "заместитель директора", 1)]),
        # a list right under the heading is the presenters'
        ("1. Слушали:\n- Орлова Олега Олеговича, учителя истории;\n- Гусеву Инну Ивановну, учителя музыки.\n"
         "Решили: принять к сведению.",
         [("Орлов О.О.", "учитель истории", 1), ("Гусева И.И.", "учитель музыки", 1)]),
    ],
)
def test_a_list_inside_a_presenters_speech(extractor, body, speakers):
    assert speakers_and_decisions(extractor, body)[0] == speakers
