#!/usr/bin/env python3
"""Writes the four screening instruments as XLSForm CSV sheets.

    python3 assets/src/forms/build_forms.py [PACK_DIR]

PACK_DIR defaults to assets/pack (relative to the repository root). For each
form three files are written into PACK_DIR/forms/: <id>.survey.csv,
<id>.choices.csv and <id>.settings.csv (UTF-8, RFC 4180, CRLF line ends).

Why a script: ASSIST repeats the same six questions for ten substance classes,
so writing its ~100 rows by hand invites copy-and-paste slips in skip logic and
weights. The script only writes text; every score and band is computed by the
form itself (calculate rows), never here. The expected values in
tests/survey/cases/ were worked out by hand from the published rules and do
not come from this script either.

Narration file names are filled into the media::audio columns here; the files
themselves are made by narrate.sh from the label text in the CSVs.
"""
import csv
import os
import sys

VI = "Tiếng Việt (vi)"
EN = "English (en)"
LANGS = (("vi", VI), ("en", EN))
VERSION = "2026120203"

SURVEY_COLS = [
    "type", "name",
    "label::" + VI, "label::" + EN,
    "hint::" + VI, "hint::" + EN,
    "relevant", "constraint",
    "constraint_message::" + VI, "constraint_message::" + EN,
    "required",
    "required_message::" + VI, "required_message::" + EN,
    "calculation", "appearance",
    "media::audio::" + VI, "media::audio::" + EN,
    "autoplay",
    # The form's declared measures (src/survey/README.md, "Measures");
    # pyxform ignores kiosk:: columns of the survey sheet.
    "kiosk::measure", "kiosk::values", "kiosk::score",
]
CHOICE_COLS = [
    "list_name", "name", "label::" + VI, "label::" + EN,
    # A pictogram beside the words (the same in every language): the
    # frequency scales' freq-0..4.png from pictograms.py.
    "media::image",
    "media::audio::" + VI, "media::audio::" + EN,
    # Gauge level of a band's value. One word: pyxform copies choices
    # columns into the XForm as XML elements and fails on "::".
    "kiosk_level",
]
SETTINGS_COLS = [
    "form_id", "version", "form_title", "default_language",
    "attribution", "licence", "translation_status",
]

# A five-step frequency scale (never, once or twice / less than monthly,
# monthly, weekly, daily) as pictures: rings filled 0..4 of 4
# (assets/src/forms/pictograms.py writes them).
FREQ_PICTURES = ["freq-%d.png" % k for k in range(5)]

REQ_MSG = {
    "vi": "Vui lòng chọn một câu trả lời để tiếp tục.",
    "en": "Please choose an answer to continue.",
}

# Types that are shown as questions and so get narration and autoplay.
QUESTION_TYPES = ("select_one", "select_multiple", "integer", "decimal",
                  "acknowledge")


class Form:
    """Collects the rows of one form and writes its three sheets."""

    def __init__(self, form_id):
        self.id = form_id
        self.survey = []
        self.choices = []
        self.lists = set()
        self.choice_audio = {}

    def audio(self, row_name, lang):
        return "form-%s-%s-%s.ogg" % (self.id, row_name, lang)

    def row(self, type_, name, vi=None, en=None, hint_vi="", hint_en="",
            relevant="", constraint="", cmsg_vi="", cmsg_en="",
            required="", calculation="", appearance="", narrate=True):
        r = dict.fromkeys(SURVEY_COLS, "")
        r["type"] = type_
        r["name"] = name
        base = type_.split(" ")[0]
        if vi is not None:
            r["label::" + VI] = vi
            r["label::" + EN] = en
        r["hint::" + VI] = hint_vi
        r["hint::" + EN] = hint_en
        r["relevant"] = relevant
        r["constraint"] = constraint
        r["constraint_message::" + VI] = cmsg_vi
        r["constraint_message::" + EN] = cmsg_en
        r["required"] = required
        if required:
            r["required_message::" + VI] = REQ_MSG["vi"]
            r["required_message::" + EN] = REQ_MSG["en"]
        r["calculation"] = calculation
        r["appearance"] = appearance
        if narrate and vi is not None and base in QUESTION_TYPES + ("note",):
            r["media::audio::" + VI] = self.audio(name, "vi")
            r["media::audio::" + EN] = self.audio(name, "en")
            r["autoplay"] = "audio"
        self.survey.append(r)

    def question(self, type_, name, vi, en, **kw):
        kw.setdefault("required", "yes")
        self.row(type_, name, vi, en, **kw)

    def note(self, name, vi, en, relevant="", narrate=True):
        self.row("note", name, vi, en, relevant=relevant, narrate=narrate)

    def calc(self, name, calculation, measure="", values="", score="",
             vi=None, en=None):
        """A calculate; measure = score | band | flag declares it (a band
        or flag names its values list and has a label: the measure's
        name)."""
        self.row("calculate", name, vi, en, calculation=calculation)
        self.survey[-1]["kiosk::measure"] = measure
        self.survey[-1]["kiosk::values"] = values
        self.survey[-1]["kiosk::score"] = score

    def choice_list_plain(self, list_name, items):
        """Answers without narration: (name, vi, en)."""
        assert list_name not in self.lists, list_name
        self.lists.add(list_name)
        for name, vi, en in items:
            self.choices.append({
                "list_name": list_name, "name": name,
                "label::" + VI: vi, "label::" + EN: en,
            })

    def value_list(self, list_name, items):
        """The declared values of a band or flag that no question asks:
        (name, vi, en, level) with level low | moderate | high for a band,
        "" for a flag. Never narrated (they are shown, not asked)."""
        assert list_name not in self.lists, list_name
        self.lists.add(list_name)
        for name, vi, en, level in items:
            self.choices.append({
                "list_name": list_name, "name": name,
                "label::" + VI: vi, "label::" + EN: en,
                "kiosk_level": level,
            })

    def begin(self, name, vi=None, en=None, relevant="", appearance=""):
        self.row("begin_group", name, vi, en, relevant=relevant,
                 appearance=appearance, narrate=False)

    def end(self, name):
        # XLSForm end rows carry no name; `name` only documents the pairing.
        del name
        self.row("end_group", "", narrate=False)

    def choice_list(self, list_name, items, images=None):
        """items: (name, vi, en) triples. Audio is shared by every question
        that uses the list: form-<id>-choice-<list>-<name>-<lang>.ogg.
        images: a picture file of images/ per item (FREQ_PICTURES)."""
        assert list_name not in self.lists, list_name
        assert images is None or len(images) == len(items), list_name
        self.lists.add(list_name)
        for k, (name, vi, en) in enumerate(items):
            stem = "choice-%s-%s" % (list_name, name)
            # Identical labels in another list share one narration file.
            stem = self.choice_audio.setdefault((vi, en), stem)
            self.choices.append({
                "list_name": list_name, "name": name,
                "label::" + VI: vi, "label::" + EN: en,
                "media::audio::" + VI: self.audio(stem, "vi"),
                "media::audio::" + EN: self.audio(stem, "en"),
                "media::image": images[k] if images else "",
            })

    def write(self, outdir, settings):
        names = [r["name"] for r in self.survey if r["name"]]
        dup = {n for n in names if names.count(n) > 1}
        assert not dup, dup
        for fname, cols, rows in (
                ("survey", SURVEY_COLS, self.survey),
                ("choices", CHOICE_COLS, self.choices),
                ("settings", SETTINGS_COLS, [settings])):
            path = os.path.join(outdir, "%s.%s.csv" % (self.id, fname))
            with open(path, "w", encoding="utf-8", newline="") as f:
                w = csv.DictWriter(f, fieldnames=cols, lineterminator="\r\n")
                w.writeheader()
                for r in rows:
                    w.writerow(r)


# Where the kiosk points people; the same wording in every form so that the
# buttons and screens the text names match.
TALK = {
    "vi": "Bạn có thể trò chuyện với tư vấn viên ngay bây giờ hoặc đặt lịch "
          "hẹn tại đây.",
    "en": "You can talk to a counselor now or book an appointment here.",
}
SERVICES = {
    "vi": "Mục Nơi hỗ trợ trên máy này có danh sách các nơi điều trị và hỗ "
          "trợ gần bạn.",
    "en": "The Where to get help section of this kiosk lists treatment and "
          "support places near you.",
}
ANON = {
    "vi": "Bảng hỏi hoàn toàn ẩn danh: không hỏi tên, tuổi, số điện thoại "
          "hay số giấy tờ tùy thân của bạn. Đây không phải là chẩn đoán.",
    "en": "It is anonymous: it never asks your name, age, phone number or "
          "ID number. It is not a diagnosis.",
}
START = ("Tôi đã hiểu, bắt đầu", "I understand, start")


def intro_page(f, vi, en):
    """Intro note and a Start acknowledgement on one screen."""
    f.begin("intro_page", appearance="field-list")
    f.note("intro", vi, en)
    f.row("acknowledge", "start", START[0], START[1], required="yes")
    # The acknowledgement sits with the intro; only the intro autoplays.
    f.survey[-1]["autoplay"] = ""
    f.end("intro_page")


# --------------------------------------------------------------- ASSIST

# id, Q1 label (vi, en), short name used inside questions (vi, en),
# heading (vi, en).
ASSIST_CLASSES = [
    ("tobacco",
     "Thuốc lá (thuốc lá điếu, thuốc lào, xì gà, thuốc lá nhai…)",
     "Tobacco products (cigarettes, chewing tobacco, cigars, etc.)",
     "thuốc lá", "tobacco products", "Thuốc lá", "Tobacco"),
    ("alcohol",
     "Đồ uống có cồn (bia, rượu, rượu vang…)",
     "Alcoholic beverages (beer, wine, spirits, etc.)",
     "đồ uống có cồn", "alcoholic beverages", "Rượu bia", "Alcohol"),
    ("cannabis",
     "Cần sa (bồ đà, cỏ, hashish…)",
     "Cannabis (marijuana, pot, grass, hash, etc.)",
     "cần sa", "cannabis", "Cần sa", "Cannabis"),
    ("cocaine",
     "Cocaine (coke, crack…)",
     "Cocaine (coke, crack, etc.)",
     "cocaine", "cocaine", "Cocaine", "Cocaine"),
    ("amphetamines",
     "Chất kích thích dạng amphetamine (ma túy đá, hồng phiến, thuốc lắc…)",
     "Amphetamine-type stimulants (speed, meth, ice, ecstasy, etc.)",
     "chất kích thích dạng amphetamine",
     "amphetamine-type stimulants",
     "Chất kích thích dạng amphetamine", "Amphetamine-type stimulants"),
    ("inhalants",
     "Các chất hít (bóng cười, keo dán, xăng, dung môi pha sơn…)",
     "Inhalants (nitrous, glue, petrol, paint thinner, etc.)",
     "các chất hít", "inhalants", "Các chất hít", "Inhalants"),
    ("sedatives",
     "Thuốc an thần hoặc thuốc ngủ (diazepam/seduxen, rohypnol…)",
     "Sedatives or sleeping pills (Valium, Serepax, Rohypnol, etc.)",
     "thuốc an thần hoặc thuốc ngủ", "sedatives or sleeping pills",
     "Thuốc an thần, thuốc ngủ", "Sedatives or sleeping pills"),
    ("hallucinogens",
     "Chất gây ảo giác (LSD, nấm ảo giác, ketamine/ke…)",
     "Hallucinogens (LSD, acid, mushrooms, PCP, Special K, etc.)",
     "chất gây ảo giác", "hallucinogens",
     "Chất gây ảo giác", "Hallucinogens"),
    ("opioids",
     "Các chất dạng thuốc phiện (heroin, thuốc phiện, morphine, "
     "methadone, codeine…)",
     "Opioids (heroin, morphine, methadone, codeine, etc.)",
     "các chất dạng thuốc phiện", "opioids",
     "Các chất dạng thuốc phiện", "Opioids"),
    ("other",
     "Chất khác không có trong danh sách trên",
     "Other drugs not listed above",
     "chất khác đó", "those other drugs",
     "Chất khác", "Other drugs"),
]

# Weights from the ASSIST v3.0/v3.1 scoring (instruments.md, PMC4983530
# Table 1). Kept as if() chains over the choice names so the exported values
# stay readable words; an unanswered or skipped item matches nothing and so
# counts 0, as the manual says.
FREQ_WEIGHTS = {
    "q2": (2, 3, 4, 6),
    "q3": (3, 4, 5, 6),
    "q4": (4, 5, 6, 7),
    "q5": (5, 6, 7, 8),
}


def freq_points(field, weights):
    once, monthly, weekly, daily = weights
    return ("if(${%s}='once',%d,if(${%s}='monthly',%d,if(${%s}='weekly',%d,"
            "if(${%s}='daily',%d,0))))"
            % (field, once, field, monthly, field, weekly, field, daily))


def concern_points(field):
    return "if(${%s}='past3m',6,if(${%s}='before',3,0))" % (field, field)


def build_assist():
    f = Form("assist")
    intro_page(
        f,
        "Bảng hỏi này hỏi về việc bạn sử dụng thuốc lá, rượu bia và các "
        "chất khác. " + ANON["vi"] + " Kết quả giúp bạn biết mức nguy cơ "
        "của mình và chọn hỗ trợ nếu bạn muốn. Thời gian khoảng 5 đến 10 "
        "phút.",
        "This questionnaire asks about your use of tobacco, alcohol and "
        "other drugs. " + ANON["en"] + " It helps you see your level of "
        "risk and choose support if you want it. It takes about 5 to 10 "
        "minutes.")

    f.choice_list("substance",
                  [(c[0], c[1], c[2]) for c in ASSIST_CLASSES]
                  + [("none", "Chưa từng dùng chất nào ở trên",
                      "None of these")])
    f.choice_list("freq", [
        ("never", "Không bao giờ", "Never"),
        ("once", "Một hoặc hai lần", "Once or twice"),
        ("monthly", "Hằng tháng", "Monthly"),
        ("weekly", "Hằng tuần", "Weekly"),
        ("daily", "Hằng ngày hoặc gần như hằng ngày",
         "Daily or almost daily"),
    ], FREQ_PICTURES)
    f.choice_list("concern", [
        ("no", "Không, chưa bao giờ", "No, never"),
        ("past3m", "Có, trong 3 tháng qua", "Yes, in the past 3 months"),
        ("before", "Có, nhưng không phải trong 3 tháng qua",
         "Yes, but not in the past 3 months"),
    ])
    f.choice_list("inject", [
        ("never", "Không, chưa bao giờ", "No, never"),
        ("past3m", "Có, trong 3 tháng qua", "Yes, in the past 3 months"),
        ("before", "Có, nhưng không phải trong 3 tháng qua",
         "Yes, but not in the past 3 months"),
    ])

    f.question(
        "select_multiple substance", "q1",
        "Trong đời, bạn đã từng sử dụng những chất nào dưới đây? (Chỉ tính "
        "việc sử dụng không vì mục đích y tế.)",
        "In your life, which of the following substances have you ever "
        "used? (Non-medical use only.)",
        hint_vi="Chọn tất cả các chất bạn đã từng dùng, dù chỉ một lần. "
                "Nếu chưa từng dùng chất nào, chọn «Chưa từng dùng chất nào "
                "ở trên».",
        hint_en="Choose every substance you have ever used, even once. If "
                "you have used none of them, choose \"None of these\".",
        constraint="not(selected(., 'none')) or count-selected(.) = 1",
        cmsg_vi="Không thể chọn «Chưa từng dùng chất nào ở trên» cùng với "
                "một chất khác.",
        cmsg_en="\"None of these\" cannot be chosen together with a "
                "substance.")

    for cid, _, _, svi, sen, hvi, hen in ASSIST_CLASSES:
        f.begin("g_" + cid, hvi, hen,
                relevant="selected(${q1}, '%s')" % cid)
        f.question(
            "select_one freq", "q2_" + cid,
            "Trong 3 tháng qua, bạn sử dụng %s thường xuyên như thế nào?"
            % svi,
            "In the past three months, how often have you used %s?" % sen)
        recent = "${q2_%s} != '' and ${q2_%s} != 'never'" % (cid, cid)
        f.question(
            "select_one freq", "q3_" + cid,
            "Trong 3 tháng qua, bạn có cảm giác thèm muốn hoặc thôi thúc "
            "mạnh mẽ phải sử dụng %s thường xuyên như thế nào?" % svi,
            "During the past three months, how often have you had a strong "
            "desire or urge to use %s?" % sen,
            relevant=recent)
        f.question(
            "select_one freq", "q4_" + cid,
            "Trong 3 tháng qua, việc sử dụng %s đã dẫn đến các vấn đề về "
            "sức khỏe, xã hội, pháp luật hoặc tài chính thường xuyên như "
            "thế nào?" % svi,
            "During the past three months, how often has your use of %s "
            "led to health, social, legal or financial problems?" % sen,
            relevant=recent)
        if cid != "tobacco":
            f.question(
                "select_one freq", "q5_" + cid,
                "Trong 3 tháng qua, vì sử dụng %s mà bạn không làm được "
                "những việc bình thường vẫn được mong đợi ở bạn thường "
                "xuyên như thế nào?" % svi,
                "During the past three months, how often have you failed "
                "to do what was normally expected of you because of your "
                "use of %s?" % sen,
                relevant=recent)
        f.question(
            "select_one concern", "q6_" + cid,
            "Đã bao giờ bạn bè, người thân hoặc bất kỳ ai khác tỏ ra lo "
            "lắng về việc bạn sử dụng %s chưa?" % svi,
            "Has a friend or relative or anyone else ever expressed "
            "concern about your use of %s?" % sen)
        f.question(
            "select_one concern", "q7_" + cid,
            "Bạn đã bao giờ cố gắng kiểm soát, giảm bớt hoặc ngừng sử dụng "
            "%s nhưng không thành công chưa?" % svi,
            "Have you ever tried and failed to control, cut down or stop "
            "using %s?" % sen)
        f.end("g_" + cid)

    used_any = "${q1} != '' and not(selected(${q1}, 'none'))"
    f.question(
        "select_one inject", "q8",
        "Bạn đã bao giờ tiêm chích bất kỳ loại ma túy nào chưa? (Chỉ tính "
        "việc sử dụng không vì mục đích y tế.)",
        "Have you ever used any drug by injection? (Non-medical use only.)",
        relevant=used_any)

    f.value_list("risk", [
        ("low", "Nguy cơ thấp", "Low risk", "low"),
        ("moderate", "Nguy cơ trung bình", "Moderate risk", "moderate"),
        ("high", "Nguy cơ cao", "High risk", "high"),
    ])
    for cid, _, _, _, _, hvi, hen in ASSIST_CLASSES:
        parts = [freq_points("q2_" + cid, FREQ_WEIGHTS["q2"]),
                 freq_points("q3_" + cid, FREQ_WEIGHTS["q3"]),
                 freq_points("q4_" + cid, FREQ_WEIGHTS["q4"])]
        if cid != "tobacco":
            parts.append(freq_points("q5_" + cid, FREQ_WEIGHTS["q5"]))
        parts += [concern_points("q6_" + cid), concern_points("q7_" + cid)]
        f.calc(cid + "_score",
               "if(selected(${q1}, '%s'), %s, '')" % (cid, " + ".join(parts)),
               measure="score")
        moderate_from = 11 if cid == "alcohol" else 4
        f.calc(cid + "_risk",
               "if(${%s_score} = '', '', if(${%s_score} >= 27, 'high', "
               "if(${%s_score} >= %d, 'moderate', 'low')))"
               % (cid, cid, cid, moderate_from),
               measure="band", values="risk", score=cid + "_score",
               vi=hvi, en=hen)
    # Q8 is recorded once per person and never summed into any score: a
    # sensitive flag whose values are Q8's answers.
    f.calc("injected", "${q8}", measure="flag", values="inject",
           vi="Tiêm chích ma túy", en="Injecting drugs")

    f.note(
        "end_none",
        "Cảm ơn bạn. Bạn cho biết chưa từng sử dụng chất nào trong danh "
        "sách. Điều đó tốt cho sức khỏe của bạn. Nếu sau này bạn có câu hỏi "
        "về thuốc lá, rượu bia hay ma túy, cho bản thân hoặc cho người thân, "
        "các trang thông tin và tư vấn viên luôn sẵn sàng giúp bạn.",
        "Thank you. You said you have never used any of these substances. "
        "That is good for your health. If you ever have questions about "
        "tobacco, alcohol or drugs, for yourself or someone close to you, "
        "the information pages and the counselor are here for you.",
        relevant="selected(${q1}, 'none')")

    for cid, _, _, svi, sen, hvi, hen in ASSIST_CLASSES:
        add_assist_feedback(f, cid, svi, sen, hvi, hen)

    f.note(
        "fb_inject_past3m",
        "Về việc tiêm chích\nBạn cho biết đã tiêm chích ma túy trong 3 "
        "tháng qua. Tiêm chích có thêm nhiều nguy cơ: HIV, viêm gan B và C, "
        "quá liều và nhiễm trùng. Luôn dùng bơm kim tiêm mới, và không bao "
        "giờ dùng chung bơm kim tiêm, nước pha, cốc hay bất kỳ dụng cụ nào. "
        "Nhiều nơi xét nghiệm HIV và viêm gan miễn phí — hãy hỏi tư vấn "
        "viên. Điều trị methadone và chương trình bơm kim tiêm giúp bạn an "
        "toàn hơn. Hãy trò chuyện riêng với tư vấn viên về điều này.",
        "About injecting\nYou said you have injected drugs in the past 3 "
        "months. Injecting brings extra risks: HIV, hepatitis B and C, "
        "overdose and infections. Always use a new needle and syringe, and "
        "never share needles, syringes, water, cups or any other equipment. "
        "Many places offer free testing for HIV and hepatitis: ask the "
        "counselor where. Methadone treatment and needle and syringe "
        "programmes help you stay safer. Please talk to the counselor about "
        "this in private.",
        relevant="${injected} = 'past3m'")
    f.note(
        "fb_inject_before",
        "Về việc tiêm chích\nBạn cho biết đã từng tiêm chích ma túy, nhưng "
        "không phải trong 3 tháng qua. Nếu bạn tiêm chích lại, hãy dùng dụng "
        "cụ mới mỗi lần và không bao giờ dùng chung. Sau bất kỳ lần tiêm "
        "chích nào, xét nghiệm HIV và viêm gan B, C là việc nên làm — tư vấn "
        "viên có thể chỉ cho bạn nơi xét nghiệm.",
        "About injecting\nYou said you have injected drugs before, but not "
        "in the past 3 months. If you ever inject again, use new equipment "
        "every time and never share it. After any injecting, a test for HIV "
        "and hepatitis B and C is a good idea: the counselor can tell you "
        "where to get one.",
        relevant="${injected} = 'before'")
    f.note(
        "end_thanks",
        "Cảm ơn bạn đã trả lời. " + TALK["vi"],
        "Thank you for answering. " + TALK["en"],
        relevant=used_any)

    f.write(OUT, {
        "form_id": "assist",
        "version": VERSION,
        "form_title": "Sàng lọc sử dụng thuốc lá, rượu bia và ma túy "
                      "(WHO ASSIST v3.0) / Alcohol, Smoking and Substance "
                      "Involvement Screening Test",
        "default_language": VI,
        "attribution": "ASSIST v3.0 © World Health Organization. Items, "
                       "weights and risk bands as published by WHO (The "
                       "ASSIST: manual for use in primary care, 2010). "
                       "Feedback text written for this project.",
        "licence": "WHO: free for clinical use; reproduction and "
                   "translation need permission from WHO "
                   "(permissions@who.int).",
        "translation_status": "draft",
    })


# Extra sentence for some classes and bands: facts a person needs to stay
# safe (withdrawal from heavy alcohol or sedative use can be dangerous) or
# the matching treatment (methadone for opioids).
ASSIST_EXTRA = {
    ("tobacco", "moderate"): (
        "Bỏ thuốc lá là một trong những điều tốt nhất bạn có thể làm cho "
        "sức khỏe, và có người hỗ trợ sẽ dễ hơn.",
        "Stopping smoking is one of the best things you can do for your "
        "health, and it is easier with support."),
    ("tobacco", "high"): (
        "Bỏ thuốc lá là một trong những điều tốt nhất bạn có thể làm cho "
        "sức khỏe, và có người hỗ trợ sẽ dễ hơn.",
        "Stopping smoking is one of the best things you can do for your "
        "health, and it is easier with support."),
    ("alcohol", "high"): (
        "Nếu bạn uống nhiều hằng ngày, ngừng uống đột ngột có thể nguy "
        "hiểm: hãy hỏi nhân viên y tế trước khi ngừng.",
        "If you drink heavily every day, stopping suddenly can be "
        "dangerous: talk to a health worker before you stop."),
    ("sedatives", "high"): (
        "Sau thời gian dài dùng hằng ngày, không nên ngừng thuốc an thần "
        "đột ngột: hãy hỏi nhân viên y tế cách giảm liều an toàn.",
        "After long daily use, do not stop sedatives suddenly: ask a "
        "health worker how to cut down safely."),
    ("opioids", "moderate"): (
        "Điều trị bằng methadone giúp nhiều người sử dụng các chất dạng "
        "thuốc phiện; hãy hỏi tư vấn viên.",
        "Methadone treatment helps many people who use opioids; ask the "
        "counselor about it."),
    ("opioids", "high"): (
        "Điều trị bằng methadone giúp nhiều người sử dụng các chất dạng "
        "thuốc phiện; hãy hỏi tư vấn viên.",
        "Methadone treatment helps many people who use opioids; ask the "
        "counselor about it."),
}


def add_assist_feedback(f, cid, svi, sen, hvi, hen):
    score = "${%s_score}" % cid
    texts = {
        "low": (
            "%s: nguy cơ thấp (điểm %s)\nMức sử dụng %s hiện nay của bạn có "
            "nguy cơ thấp gây ra vấn đề. Nếu bạn muốn trò chuyện, tư vấn "
            "viên luôn ở đây." % (hvi, score, svi),
            "%s: low risk (score %s)\nYour current use of %s carries a low "
            "risk of problems. If you would like to talk, a counselor is "
            "here." % (hen, score, sen)),
        "moderate": (
            "%s: nguy cơ trung bình (điểm %s)\nViệc sử dụng %s khiến bạn có "
            "nguy cơ gặp vấn đề về sức khỏe, quan hệ, công việc, tiền bạc "
            "hoặc pháp luật. Giảm bớt sẽ dễ hơn khi có kế hoạch, và tư vấn "
            "viên có thể giúp bạn. %s" % (hvi, score, svi, TALK["vi"]),
            "%s: moderate risk (score %s)\nYour use of %s puts you at risk "
            "of problems with health, relationships, work, money or the law. "
            "Cutting down is easier with a plan, and a counselor can help. "
            "%s" % (hen, score, sen, TALK["en"])),
        "high": (
            "%s: nguy cơ cao (điểm %s)\nCâu trả lời của bạn cho thấy nguy cơ "
            "cao gặp vấn đề nghiêm trọng do %s, và có thể bạn đã bị lệ thuộc. "
            "Điều này có thể điều trị được, và bạn không phải đối mặt một "
            "mình. Hãy trò chuyện với tư vấn viên ngay hôm nay hoặc đặt lịch "
            "hẹn; mục Nơi hỗ trợ trên máy này có danh sách các nơi gần bạn."
            % (hvi, score, svi),
            "%s: high risk (score %s)\nYour answers show a high risk of "
            "serious problems from %s, and you may be dependent on them. "
            "This can be treated, and you do not have to face it alone. "
            "Please talk to a counselor today or book an appointment; the "
            "Where to get help section of this kiosk lists places near you."
            % (hen, score, sen)),
    }
    for band in ("low", "moderate", "high"):
        vi, en = texts[band]
        extra = ASSIST_EXTRA.get((cid, band))
        if extra:
            vi += " " + extra[0]
            en += " " + extra[1]
        f.note("fb_%s_%s" % (cid, band), vi, en,
               relevant="${%s_risk} = '%s'" % (cid, band))


# --------------------------------------------------------------- CRAFFT

def build_crafft():
    f = Form("crafft")
    intro_page(
        f,
        "Các câu hỏi này dành cho bạn trẻ từ 12 đến 21 tuổi, hỏi về rượu "
        "bia và ma túy trong 12 tháng qua. " + ANON["vi"] + " Thời gian "
        "khoảng 2 phút.",
        "These questions are for young people aged 12 to 21 and ask about "
        "alcohol and drugs in the past 12 months. " + ANON["en"] + " It "
        "takes about 2 minutes.")
    f.choice_list("yesno", [("yes", "Có", "Yes"), ("no", "Không", "No")])

    days = dict(constraint=". >= 0 and . <= 365",
                cmsg_vi="Vui lòng nhập số ngày từ 0 đến 365.",
                cmsg_en="Please enter a number of days from 0 to 365.",
                hint_vi="Ghi 0 nếu không có ngày nào.",
                hint_en="Put 0 if none.")
    f.question(
        "integer", "a1_days",
        "Trong 12 THÁNG QUA, có bao nhiêu ngày bạn đã uống nhiều hơn vài "
        "ngụm bia, rượu hoặc bất kỳ đồ uống nào có cồn?",
        "During the PAST 12 MONTHS, on how many days did you drink more "
        "than a few sips of beer, wine, or any drink containing alcohol?",
        **days)
    f.question(
        "integer", "a2_days",
        "Trong 12 THÁNG QUA, có bao nhiêu ngày bạn đã sử dụng cần sa (bồ "
        "đà, tinh dầu, sáp hoặc nhựa cần sa, bằng cách hút, hút qua thuốc lá "
        "điện tử, dab hoặc ăn) hoặc \"cần sa tổng hợp\" (như \"K2\", "
        "\"Spice\")?",
        "During the PAST 12 MONTHS, on how many days did you use any "
        "marijuana (cannabis, weed, oil, wax, or hash by smoking, vaping, "
        "dabbing, or in edibles) or \"synthetic marijuana\" (like \"K2,\" "
        "\"Spice\")?",
        **days)
    f.question(
        "integer", "a3_days",
        "Trong 12 THÁNG QUA, có bao nhiêu ngày bạn đã sử dụng bất kỳ thứ gì "
        "khác để \"phê\" (như các loại ma túy khác, thuốc viên, thuốc kê đơn "
        "hoặc không kê đơn, và những thứ bạn hít, ngửi, hút qua thuốc lá "
        "điện tử hoặc tiêm chích)?",
        "During the PAST 12 MONTHS, on how many days did you use anything "
        "else to get high (like other illegal drugs, pills, prescription or "
        "over-the-counter medications, and things that you sniff, huff, "
        "vape, or inject)?",
        **days)

    # '' > 0 is false (NaN), so unanswered Part A counts as no use.
    any_use = "${a1_days} > 0 or ${a2_days} > 0 or ${a3_days} > 0"
    f.question(
        "select_one yesno", "car",
        "Bạn đã bao giờ đi trên một chiếc XE (ô tô hoặc xe máy) do một "
        "người (kể cả chính bạn) đang \"phê\" hoặc đã sử dụng rượu bia hay "
        "ma túy điều khiển chưa?",
        "Have you ever ridden in a CAR driven by someone (including "
        "yourself) who was \"high\" or had been using alcohol or drugs?")
    partb = [
        ("relax",
         "Bạn có bao giờ sử dụng rượu bia hoặc ma túy để THƯ GIÃN, để cảm "
         "thấy tốt hơn về bản thân, hoặc để hòa nhập với mọi người không?",
         "Do you ever use alcohol or drugs to RELAX, feel better about "
         "yourself, or fit in?"),
        ("alone",
         "Bạn có bao giờ sử dụng rượu bia hoặc ma túy khi đang ở MỘT MÌNH "
         "không?",
         "Do you ever use alcohol or drugs while you are by yourself, or "
         "ALONE?"),
        ("forget",
         "Bạn có bao giờ QUÊN những việc mình đã làm trong lúc sử dụng rượu "
         "bia hoặc ma túy không?",
         "Do you ever FORGET things you did while using alcohol or drugs?"),
        ("family",
         "GIA ĐÌNH hoặc BẠN BÈ có bao giờ nói với bạn rằng bạn nên giảm "
         "uống rượu bia hoặc giảm sử dụng ma túy không?",
         "Do your FAMILY or FRIENDS ever tell you that you should cut down "
         "on your drinking or drug use?"),
        ("trouble",
         "Bạn đã bao giờ gặp RẮC RỐI trong lúc đang sử dụng rượu bia hoặc "
         "ma túy chưa?",
         "Have you ever gotten into TROUBLE while you were using alcohol or "
         "drugs?"),
    ]
    for name, vi, en in partb:
        f.question("select_one yesno", name, vi, en, relevant=any_use)

    f.calc("crafft_score", " + ".join(
        "if(${%s} = 'yes', 1, 0)" % n
        for n in ["car"] + [p[0] for p in partb]), measure="score")
    f.calc("crafft_risk", "if(${crafft_score} >= 2, 'high', 'low')",
           measure="band", values="crafft_band", score="crafft_score",
           vi="CRAFFT", en="CRAFFT")
    # CAR needs riding-safety advice whatever the score: a flag of its own.
    f.calc("crafft_car", "if(${car} = 'yes', 'yes', 'no')",
           measure="flag", values="yesno",
           vi="Đi xe do người đã dùng rượu bia hoặc ma túy điều khiển",
           en="Rode with a driver who had used alcohol or drugs")
    f.value_list("crafft_band", [
        ("low", "Nguy cơ chưa cao", "Not high risk", "low"),
        ("high", "Nguy cơ cao", "High risk", "high"),
    ])

    f.note(
        "fb_no_use",
        "Rất tốt!\nBạn đã không sử dụng rượu bia hay ma túy trong 12 tháng "
        "qua. Đó là lựa chọn lành mạnh cho cơ thể, việc học và tương lai "
        "của bạn. Hãy tiếp tục như vậy. Nếu bạn bè rủ rê hay ép bạn, tư vấn "
        "viên có thể cùng bạn tìm cách từ chối.",
        "Well done!\nYou have not used alcohol or drugs in the past 12 "
        "months. That is a healthy choice for your body, your studies and "
        "your future. Keep it up. If friends ever push you to use, a "
        "counselor can talk with you about ways to say no.",
        relevant="${crafft_risk} = 'low' and not(%s)" % any_use)
    f.note(
        "fb_low_use",
        "Nguy cơ chưa cao\nCâu trả lời của bạn chưa cho thấy nguy cơ cao. "
        "Tuy vậy, rượu bia và ma túy có thể gây hại cho não bộ đang phát "
        "triển, việc học và sự an toàn của bạn. Lựa chọn an toàn nhất là "
        "không sử dụng. Nếu bạn muốn trò chuyện, tư vấn viên luôn ở đây.",
        "Not high risk\nYour answers do not show a high risk. Even so, "
        "alcohol and drugs can harm a developing brain, your studies and "
        "your safety. The safest choice is not to use them. If you would "
        "like to talk, a counselor is here.",
        relevant="${crafft_risk} = 'low' and (%s)" % any_use)
    f.note(
        "fb_high",
        "Nguy cơ cao (điểm ${crafft_score}/6)\nCâu trả lời của bạn cho thấy "
        "việc sử dụng rượu bia hoặc ma túy có thể đã gây ra vấn đề cho bạn. "
        "Điều này có thể thay đổi, và bạn không phải tự mình giải quyết. Tư "
        "vấn viên sẽ lắng nghe mà không phán xét. " + TALK["vi"],
        "High risk (score ${crafft_score} of 6)\nYour answers suggest that "
        "alcohol or drug use may already be causing problems for you. This "
        "can change, and you do not have to handle it alone. A counselor "
        "will listen without judging you. " + TALK["en"],
        relevant="${crafft_risk} = 'high'")
    f.note(
        "fb_car",
        "Đi xe an toàn\nBạn cho biết đã từng đi xe do người đã uống rượu "
        "bia hoặc dùng ma túy điều khiển (hoặc chính bạn đã lái như vậy). "
        "Đừng bao giờ lên ô tô hay xe máy do người đã uống rượu bia hoặc "
        "dùng ma túy điều khiển, và đừng bao giờ tự lái xe sau khi sử dụng. "
        "Hãy tính trước: đi cùng người lái tỉnh táo, đi taxi, hoặc gọi người "
        "bạn tin tưởng đến đón.",
        "Riding safely\nYou said you have ridden with a driver who had been "
        "drinking or using drugs (or driven like that yourself). Never get "
        "on a motorbike or into a car with a driver who has been drinking or "
        "using drugs, and never drive after using. Plan ahead: ride with a "
        "sober driver, take a taxi, or call someone you trust to pick you "
        "up.",
        relevant="${crafft_car} = 'yes'")
    f.note(
        "fb_child_line",
        "Dưới 18 tuổi?\nNếu bạn dưới 18 tuổi và bị bạo lực, xâm hại, bị ép "
        "buộc hay lôi kéo vào ma túy, hoặc chỉ cần người lắng nghe, hãy gọi "
        "111, Tổng đài quốc gia bảo vệ trẻ em, miễn phí.",
        "Under 18?\nIf you are under 18 and face violence, abuse, being "
        "forced or drawn into drugs, or just need someone to listen, call "
        "111, the national child protection hotline, free of charge.",
        relevant="${crafft_risk} != ''")

    f.write(OUT, {
        "form_id": "crafft",
        "version": VERSION,
        "form_title": "Sàng lọc cho thanh thiếu niên (CRAFFT 2.1) / CRAFFT "
                      "2.1 screening for ages 12 to 21",
        "default_language": VI,
        "attribution": "CRAFFT 2.1 © John R. Knight, MD, Boston Children's "
                       "Hospital; courtesy of the Center for Adolescent "
                       "Behavioral Health Research (CABHRe). Feedback text "
                       "written for this project.",
        "licence": "May be reproduced in its exact form for use in clinical "
                   "settings; electronic implementations and translations "
                   "by request via crafft.org.",
        "translation_status": "draft",
    })


# --------------------------------------------------------------- AUDIT-C

def build_auditc():
    f = Form("auditc")
    intro_page(
        f,
        "Ba câu hỏi này hỏi về việc uống đồ uống có cồn (bia, rượu, rượu "
        "vang) trong năm qua. " + ANON["vi"] + " Thời gian khoảng 1 phút.",
        "These three questions ask about drinking alcohol (beer, wine, "
        "spirits) in the past year. " + ANON["en"] + " It takes about 1 "
        "minute.")
    f.choice_list("sex", [
        ("male", "Nam", "Male"),
        ("female", "Nữ", "Female"),
        ("unstated", "Không muốn trả lời", "Prefer not to say"),
    ])
    # Choice names are the item points, as published.
    f.choice_list("q1", [
        ("0", "Không bao giờ", "Never"),
        ("1", "Hằng tháng hoặc ít hơn", "Monthly or less"),
        ("2", "2–4 lần mỗi tháng", "2–4 times a month"),
        ("3", "2–3 lần mỗi tuần", "2–3 times a week"),
        ("4", "4 lần trở lên mỗi tuần", "4 or more times a week"),
    ], FREQ_PICTURES)
    f.choice_list("q2", [
        ("0", "1 hoặc 2 đơn vị cồn", "1 or 2"),
        ("1", "3 hoặc 4 đơn vị cồn", "3 or 4"),
        ("2", "5 hoặc 6 đơn vị cồn", "5 or 6"),
        ("3", "7 đến 9 đơn vị cồn", "7 to 9"),
        ("4", "10 đơn vị cồn trở lên", "10 or more"),
    ])
    # The frequency ladder of MOH Decision 4946/QĐ-BYT (2020).
    f.choice_list("q3", [
        ("0", "Không bao giờ", "Never"),
        ("1", "Ít hơn hằng tháng", "Less than monthly"),
        ("2", "Hằng tháng", "Monthly"),
        ("3", "Hằng tuần", "Weekly"),
        ("4", "Hằng ngày hoặc gần như hằng ngày", "Daily or almost daily"),
    ], FREQ_PICTURES)
    f.question(
        "select_one sex", "sex",
        "Giới tính của bạn? (Không bắt buộc: chỉ dùng để chọn ngưỡng điểm "
        "phù hợp.)",
        "Are you male or female? (Optional: it is only used to choose the "
        "right score cut-off.)",
        hint_vi="Bạn có thể bỏ qua câu này.",
        hint_en="You can skip this question.",
        required="")
    f.question(
        "select_one q1", "q1",
        "Bạn uống đồ uống có cồn (bia, rượu) thường xuyên như thế nào?",
        "How often do you have a drink containing alcohol?")
    # After "Never" in item 1 the AUDIT moves on; items 2 and 3 then count 0.
    drinks = "${q1} != '0'"
    f.question(
        "select_one q2", "q2",
        "Vào một ngày có uống, bạn thường uống bao nhiêu đơn vị cồn?",
        "How many standard drinks containing alcohol do you have on a "
        "typical day when drinking?",
        hint_vi="Một đơn vị cồn là khoảng 10 gam cồn nguyên chất. Một lon "
                "bia 330 ml nồng độ 5% chứa khoảng 13 gam cồn.",
        hint_en="One standard drink is about 10 grams of pure alcohol. A "
                "330 ml can of 5% beer contains about 13 grams.",
        relevant=drinks)
    f.question(
        "select_one q3", "q3",
        "Bạn uống từ 5 chai hay 5 lon bia trở lên, hoặc từ 6 cốc nhỏ rượu "
        "mạnh hay 6 ly rượu vang trở lên trong một lần uống, thường xuyên như "
        "thế nào?",
        "How often do you have six or more drinks on one occasion?",
        relevant=drinks)

    f.calc("auditc_score",
           "coalesce(${q1}, 0) + coalesce(${q2}, 0) + coalesce(${q3}, 0)",
           measure="score")
    f.calc("auditc_risk",
           "if(${sex} = 'male', if(${auditc_score} >= 4, 'positive', "
           "'negative'), if(${auditc_score} >= 3, 'positive', 'negative'))",
           measure="band", values="auditc_band", score="auditc_score",
           vi="AUDIT-C (rượu bia)", en="AUDIT-C (alcohol)")
    f.value_list("auditc_band", [
        ("negative", "Dưới ngưỡng", "Below the cut-off", "low"),
        ("positive", "Trên ngưỡng", "At or above the cut-off", "high"),
    ])

    f.note(
        "fb_negative",
        "Nguy cơ thấp (điểm ${auditc_score}/12)\nCâu trả lời của bạn không "
        "cho thấy kiểu uống rượu bia có hại. Nếu bạn uống, hãy uống điều độ, "
        "có những ngày không uống, và không bao giờ lái xe sau khi uống.",
        "Lower risk (score ${auditc_score} of 12)\nYour answers do not show "
        "risky drinking. If you drink, keep it moderate, have alcohol-free "
        "days, and never drive after drinking.",
        relevant="${auditc_risk} = 'negative'")
    f.note(
        "fb_positive",
        "Có thể uống ở mức nguy cơ (điểm ${auditc_score}/12)\nCâu trả lời "
        "của bạn cho thấy việc uống rượu bia có thể đang hoặc sẽ gây hại cho "
        "sức khỏe. Uống ít đi sẽ giảm nguy cơ. Tư vấn viên có thể cùng bạn "
        "xem lại thói quen uống và lập kế hoạch. " + TALK["vi"],
        "Possibly risky drinking (score ${auditc_score} of 12)\nYour answers "
        "suggest that your drinking may be harming your health, or may do "
        "so in future. Drinking less lowers that risk. A counselor can look "
        "at your drinking with you and help you make a plan. " + TALK["en"],
        relevant="${auditc_risk} = 'positive'")
    f.note(
        "fb_frequency_only",
        "Điểm của bạn chỉ đến từ số lần uống, không phải lượng uống mỗi "
        "lần. Có thể bạn đang uống trong giới hạn nguy cơ thấp; tư vấn viên "
        "có thể cùng bạn xem lại.",
        "Your score comes only from how often you drink, not from how much. "
        "You may be drinking within lower-risk limits; a counselor can go "
        "through it with you.",
        relevant="${auditc_risk} = 'positive' and ${q2} = '0' and "
                 "${q3} = '0'")

    f.write(OUT, {
        "form_id": "auditc",
        "version": VERSION,
        "form_title": "Sàng lọc sử dụng rượu bia (AUDIT-C) / AUDIT-C "
                      "alcohol screening",
        "default_language": VI,
        "attribution": "AUDIT-C: the first three items of the AUDIT (World "
                       "Health Organization). Vietnamese answer wording "
                       "follows Ministry of Health Decision 4946/QĐ-BYT "
                       "(26/11/2020). Feedback text written for this "
                       "project.",
        "licence": "Public domain (WHO-approved instrument).",
        "translation_status": "draft",
    })


# --------------------------------------------------------------- DAST-10

DAST_ITEMS = [
    ("Bạn có sử dụng ma túy hoặc các loại thuốc khác ngoài những thuốc cần "
     "dùng vì lý do y tế không?",
     "Have you used drugs other than those required for medical reasons?"),
    ("Bạn có lạm dụng nhiều hơn một loại ma túy hoặc thuốc cùng một lúc "
     "không?",
     "Do you abuse more than one drug at a time?"),
    ("Bạn có luôn ngừng sử dụng ma túy được mỗi khi bạn muốn không?",
     "Are you always able to stop using drugs when you want to?"),
    ("Bạn đã từng bị \"mất trí nhớ tạm thời\" (không nhớ mình đã làm gì) "
     "hoặc \"ảo giác tái diễn\" (thấy lại cảm giác, hình ảnh như khi dùng "
     "ma túy dù không dùng) do sử dụng ma túy chưa?",
     "Have you had \"blackouts\" or \"flashbacks\" as a result of drug "
     "use?"),
    ("Bạn có bao giờ cảm thấy tồi tệ hoặc có lỗi về việc sử dụng ma túy "
     "của mình không?",
     "Do you ever feel bad or guilty about your drug use?"),
    ("Vợ/chồng (hoặc cha mẹ) của bạn có bao giờ phàn nàn về việc bạn sử "
     "dụng ma túy không?",
     "Does your spouse (or parents) ever complain about your involvement "
     "with drugs?"),
    ("Bạn có bỏ bê gia đình vì việc sử dụng ma túy không?",
     "Have you neglected your family because of your use of drugs?"),
    ("Bạn có làm những việc bất hợp pháp để có được ma túy không?",
     "Have you engaged in illegal activities in order to obtain drugs?"),
    ("Bạn đã bao giờ có triệu chứng cai (cảm thấy ốm, khó chịu) khi ngừng "
     "sử dụng ma túy chưa?",
     "Have you ever experienced withdrawal symptoms (felt sick) when you "
     "stopped taking drugs?"),
    ("Bạn có gặp vấn đề sức khỏe do sử dụng ma túy không (ví dụ: mất trí "
     "nhớ, viêm gan, co giật, chảy máu)?",
     "Have you had medical problems as a result of your drug use (e.g., "
     "memory loss, hepatitis, convulsions, bleeding)?"),
]


def build_dast10():
    f = Form("dast10")
    intro_page(
        f,
        "Các câu hỏi sau hỏi về việc bạn sử dụng ma túy trong 12 tháng qua, "
        "không tính rượu bia và thuốc lá. \"Ma túy\" ở đây gồm cả thuốc kê "
        "đơn hoặc không kê đơn dùng quá chỉ dẫn hoặc không vì mục đích y tế. "
        "Hãy trả lời Có hoặc Không cho mỗi câu. " + ANON["vi"] + " Thời "
        "gian khoảng 3 phút.",
        "The following questions are about your use of drugs in the past "
        "12 months, not counting alcohol and tobacco. \"Drugs\" here also "
        "means prescription or over-the-counter medicines used beyond the "
        "directions or for non-medical reasons. Answer Yes or No to each "
        "question. " + ANON["en"] + " It takes about 3 minutes.")
    f.choice_list("yesno", [("yes", "Có", "Yes"), ("no", "Không", "No")])
    for i, (vi, en) in enumerate(DAST_ITEMS, start=1):
        f.question("select_one yesno", "d%d" % i, vi, en)

    # One point per Yes, except item 3 where No scores the point.
    terms = []
    for i in range(1, 11):
        want = "no" if i == 3 else "yes"
        terms.append("if(${d%d} = '%s', 1, 0)" % (i, want))
    f.calc("dast10_score", " + ".join(terms), measure="score")
    f.calc("dast10_level",
           "if(${dast10_score} = 0, 'none', if(${dast10_score} <= 2, 'low', "
           "if(${dast10_score} <= 5, 'moderate', if(${dast10_score} <= 8, "
           "'substantial', 'severe'))))",
           measure="band", values="dast10_band", score="dast10_score",
           vi="DAST-10 (ma túy)", en="DAST-10 (drugs)")
    # The published degrees of problems; the gauge has three colours.
    f.value_list("dast10_band", [
        ("none", "Không có vấn đề", "No problems reported", "low"),
        ("low", "Mức độ thấp", "Low level", "low"),
        ("moderate", "Mức độ trung bình", "Moderate level", "moderate"),
        ("substantial", "Mức độ đáng kể", "Substantial level", "high"),
        ("severe", "Mức độ nghiêm trọng", "Severe level", "high"),
    ])

    s = "${dast10_score}"
    f.note(
        "fb_none",
        "Không có vấn đề (điểm 0/10)\nCâu trả lời của bạn không cho thấy "
        "vấn đề liên quan đến sử dụng ma túy. Cảm ơn bạn đã quan tâm đến sức "
        "khỏe của mình. Nếu có câu hỏi, cho bản thân hay người thân, tư vấn "
        "viên luôn ở đây.",
        "No problems reported (score 0 of 10)\nYour answers do not show "
        "problems related to drug use. Thank you for looking after your "
        "health. If you ever have questions, for yourself or someone close "
        "to you, a counselor is here.",
        relevant="${dast10_level} = 'none'")
    f.note(
        "fb_low",
        "Mức độ thấp (điểm %s/10)\nCâu trả lời của bạn cho thấy mức độ vấn "
        "đề thấp liên quan đến sử dụng ma túy. Hãy tiếp tục để ý và trả lời "
        "lại các câu hỏi này sau vài tháng. Tư vấn viên có thể trò chuyện "
        "với bạn về cách giữ nguy cơ ở mức thấp." % s,
        "Low level (score %s of 10)\nYour answers show a low level of "
        "problems related to drug use. Keep an eye on it, and answer these "
        "questions again in a few months. A counselor can talk with you "
        "about how to keep the risk low." % s,
        relevant="${dast10_level} = 'low'")
    f.note(
        "fb_item3_only",
        "Về câu hỏi số 3: điểm của bạn đến từ việc trả lời Không cho câu "
        "\"Bạn có luôn ngừng sử dụng ma túy được mỗi khi bạn muốn không?\". "
        "Nếu bạn hoàn toàn không sử dụng ma túy, điểm này không có nghĩa là "
        "bạn có vấn đề.",
        "About question 3: your point comes from answering No to \"Are you "
        "always able to stop using drugs when you want to?\". If you do not "
        "use drugs at all, this point does not mean you have a problem.",
        relevant="${dast10_score} = 1 and ${d3} = 'no'")
    f.note(
        "fb_moderate",
        "Mức độ trung bình (điểm %s/10)\nCâu trả lời của bạn cho thấy việc "
        "sử dụng ma túy đang gây ra một số vấn đề. Cùng tư vấn viên xem xét "
        "kỹ hơn có thể giúp bạn quyết định điều mình muốn thay đổi. %s"
        % (s, TALK["vi"]),
        "Moderate level (score %s of 10)\nYour answers show that drug use "
        "is causing you some problems. Looking at this more closely with a "
        "counselor can help you decide what you want to change. %s"
        % (s, TALK["en"]),
        relevant="${dast10_level} = 'moderate'")
    f.note(
        "fb_substantial",
        "Mức độ đáng kể (điểm %s/10)\nCâu trả lời của bạn cho thấy việc sử "
        "dụng ma túy đang gây ra nhiều vấn đề. Bạn nên được nhân viên y tế "
        "đánh giá kỹ hơn; điều trị và hỗ trợ có thể giúp bạn. Hãy trò chuyện "
        "với tư vấn viên ngay hôm nay hoặc đặt lịch hẹn. %s"
        % (s, SERVICES["vi"]),
        "Substantial level (score %s of 10)\nYour answers show that drug "
        "use is causing you substantial problems. A fuller assessment with a "
        "health worker is recommended, and treatment and support can help. "
        "Please talk to a counselor today or book an appointment. %s"
        % (s, SERVICES["en"]),
        relevant="${dast10_level} = 'substantial'")
    f.note(
        "fb_severe",
        "Mức độ nghiêm trọng (điểm %s/10)\nCâu trả lời của bạn cho thấy việc "
        "sử dụng ma túy đang gây ra vấn đề nghiêm trọng. Bạn xứng đáng được "
        "hỗ trợ, và bạn không phải đối mặt một mình. Hãy trò chuyện với tư "
        "vấn viên ngay hôm nay hoặc đặt lịch hẹn. %s Nếu bạn thấy không khỏe "
        "sau khi ngừng sử dụng, hãy gặp nhân viên y tế." % (s, SERVICES["vi"]),
        "Severe level (score %s of 10)\nYour answers show that drug use is "
        "causing you severe problems. You deserve support, and you do not "
        "have to face this alone. Please talk to a counselor today or book "
        "an appointment. %s If you feel unwell after stopping a drug, see a "
        "health worker." % (s, SERVICES["en"]),
        relevant="${dast10_level} = 'severe'")

    f.write(OUT, {
        "form_id": "dast10",
        "version": VERSION,
        "form_title": "Sàng lọc vấn đề sử dụng ma túy (DAST-10) / Drug "
                      "Abuse Screening Test (DAST-10)",
        "default_language": VI,
        "attribution": "DAST-10 © 1982 Harvey A. Skinner, PhD, and the "
                       "Centre for Addiction and Mental Health (CAMH), "
                       "Toronto. Feedback text written for this project.",
        "licence": "May be reproduced for non-commercial use (clinical, "
                   "research, training) with credit to the author; "
                   "commercial use needs permission.",
        "translation_status": "draft",
    })


# --------------------------------------------------------- PHQ-9 and GAD-7

# The PHQ screeners' answer scale; choice names are the item points.
PHQ_SCALE = [
    ("0", "Không ngày nào", "Not at all"),
    ("1", "Vài ngày", "Several days"),
    ("2", "Hơn một nửa số ngày", "More than half the days"),
    ("3", "Gần như mọi ngày", "Nearly every day"),
]
PHQ_STEM = ("Trong 2 tuần qua, bạn có thường bị phiền muộn bởi vấn đề sau "
            "không?",
            "Over the last 2 weeks, how often have you been bothered by the "
            "following problem?")
PHQ_ATTRIBUTION = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt "
    "Kroenke and colleagues, with an educational grant from Pfizer Inc. "
    "Vietnamese: this project's draft translation, not validated. Feedback "
    "text written for this project.")
PHQ_LICENCE = ("Pfizer: no permission required to reproduce, translate, "
               "display or distribute.")

PHQ9_ITEMS = [
    ("Ít hứng thú hoặc không thấy vui khi làm việc gì",
     "Little interest or pleasure in doing things"),
    ("Cảm thấy buồn, chán nản hoặc tuyệt vọng",
     "Feeling down, depressed, or hopeless"),
    ("Khó ngủ, ngủ không yên giấc hoặc ngủ quá nhiều",
     "Trouble falling or staying asleep, or sleeping too much"),
    ("Cảm thấy mệt mỏi hoặc thiếu năng lượng",
     "Feeling tired or having little energy"),
    ("Ăn không ngon miệng hoặc ăn quá nhiều", "Poor appetite or overeating"),
    ("Cảm thấy tồi tệ về bản thân, hoặc thấy mình là người thất bại, hoặc "
     "đã làm bản thân hay gia đình thất vọng",
     "Feeling bad about yourself, or that you are a failure or have let "
     "yourself or your family down"),
    ("Khó tập trung vào việc gì đó, như đọc báo hoặc xem ti vi",
     "Trouble concentrating on things, such as reading the newspaper or "
     "watching television"),
    ("Đi lại hoặc nói năng chậm chạp đến mức người khác có thể nhận thấy; "
     "hoặc ngược lại, bồn chồn, đứng ngồi không yên, đi lại nhiều hơn bình "
     "thường",
     "Moving or speaking so slowly that other people could have noticed; "
     "or the opposite, being so fidgety or restless that you have been "
     "moving around a lot more than usual"),
    ("Có ý nghĩ rằng mình chết đi thì tốt hơn, hoặc ý nghĩ tự làm hại bản "
     "thân theo cách nào đó",
     "Thoughts that you would be better off dead, or of hurting yourself "
     "in some way"),
]

GAD7_ITEMS = [
    ("Cảm thấy bồn chồn, lo âu hoặc căng thẳng",
     "Feeling nervous, anxious, or on edge"),
    ("Không thể ngừng hoặc kiểm soát được sự lo lắng",
     "Not being able to stop or control worrying"),
    ("Lo lắng quá nhiều về nhiều chuyện khác nhau",
     "Worrying too much about different things"),
    ("Khó thư giãn", "Trouble relaxing"),
    ("Bồn chồn đến mức khó ngồi yên",
     "Being so restless that it is hard to sit still"),
    ("Dễ bực bội hoặc cáu kỉnh", "Becoming easily annoyed or irritable"),
    ("Cảm thấy sợ hãi như thể có điều gì khủng khiếp sắp xảy ra",
     "Feeling afraid, as if something awful might happen"),
]


def screener(f, prefix, items):
    """The items as select_one questions on the PHQ scale (no narration
    yet: narrate.sh has not been run for these forms), and the sum."""
    f.choice_list_plain("scale", PHQ_SCALE)
    for i, (vi, en) in enumerate(items, start=1):
        f.row("select_one scale", "%s_%d" % (prefix, i),
              "%s\n%s" % (PHQ_STEM[0], vi), "%s\n%s" % (PHQ_STEM[1], en),
              required="yes", narrate=False)
    return " + ".join("coalesce(${%s_%d}, 0)" % (prefix, i)
                      for i in range(1, len(items) + 1))


def band_notes(f, measure, score, notes):
    """notes: (value, vi, en) feedback per band value."""
    for value, vi, en in notes:
        f.note("fb_" + value, vi, en,
               relevant="${%s} = '%s'" % (measure, value), narrate=False)


def build_phq9():
    f = Form("phq9")
    f.begin("intro_page", appearance="field-list")
    f.note("intro",
           "Chín câu hỏi này hỏi về tâm trạng của bạn trong 2 tuần qua. "
           + ANON["vi"] + " Thời gian khoảng 3 phút.",
           "These nine questions ask about your mood over the last 2 "
           "weeks. " + ANON["en"] + " It takes about 3 minutes.",
           narrate=False)
    f.row("acknowledge", "start", START[0], START[1], required="yes",
          narrate=False)
    f.end("intro_page")
    total = screener(f, "phq9", PHQ9_ITEMS)
    f.calc("phq9_score", total, measure="score")
    # Kroenke, Spitzer & Williams 2001: 5, 10, 15, 20 are the cut points.
    f.calc("phq9_severity",
           "if(${phq9_score} >= 20, 'severe', if(${phq9_score} >= 15, "
           "'moderately_severe', if(${phq9_score} >= 10, 'moderate', "
           "if(${phq9_score} >= 5, 'mild', 'minimal'))))",
           measure="band", values="phq9_band", score="phq9_score",
           vi="PHQ-9 (trầm cảm)", en="PHQ-9 (depression)")
    f.value_list("phq9_band", [
        ("minimal", "Tối thiểu", "Minimal", "low"),
        ("mild", "Nhẹ", "Mild", "low"),
        ("moderate", "Vừa", "Moderate", "moderate"),
        ("moderately_severe", "Khá nặng", "Moderately severe", "high"),
        ("severe", "Nặng", "Severe", "high"),
    ])
    # Any answer above 0 to item 9 needs a person to talk to at once,
    # whatever the total.
    f.calc("phq9_selfharm",
           "if(${phq9_9} = '', '', if(${phq9_9} != '0', 'yes', 'no'))",
           measure="flag", values="selfharm",
           vi="Ý nghĩ tự làm hại bản thân", en="Thoughts of self-harm")
    f.value_list("selfharm", [("yes", "Có", "Yes", ""),
                              ("no", "Không", "No", "")])
    s = "${phq9_score}"
    band_notes(f, "phq9_severity", s, [
        ("minimal",
         "Rất ít dấu hiệu trầm cảm (điểm %s/27)\nCâu trả lời của bạn cho "
         "thấy rất ít dấu hiệu trầm cảm. Nếu bạn muốn trò chuyện, tư vấn "
         "viên luôn ở đây." % s,
         "Minimal signs of depression (score %s of 27)\nYour answers show "
         "few signs of depression. If you would like to talk, a counselor "
         "is here." % s),
        ("mild",
         "Dấu hiệu trầm cảm nhẹ (điểm %s/27)\nHãy để ý đến tâm trạng của "
         "mình và trả lời lại các câu hỏi này sau vài tuần. %s"
         % (s, TALK["vi"]),
         "Mild signs of depression (score %s of 27)\nKeep an eye on how you "
         "feel, and answer these questions again in a few weeks. %s"
         % (s, TALK["en"])),
        ("moderate",
         "Dấu hiệu trầm cảm mức vừa (điểm %s/27)\nBạn nên được nhân viên y "
         "tế đánh giá thêm. %s" % (s, TALK["vi"]),
         "Moderate signs of depression (score %s of 27)\nA health worker "
         "should look at this with you. %s" % (s, TALK["en"])),
        ("moderately_severe",
         "Dấu hiệu trầm cảm khá nặng (điểm %s/27)\nHãy gặp nhân viên y tế "
         "sớm: điều trị có thể giúp bạn. %s" % (s, TALK["vi"]),
         "Moderately severe signs of depression (score %s of 27)\nPlease "
         "see a health worker soon: treatment can help. %s"
         % (s, TALK["en"])),
        ("severe",
         "Dấu hiệu trầm cảm nặng (điểm %s/27)\nHãy gặp nhân viên y tế ngay: "
         "điều trị có thể giúp bạn, và bạn không phải đối mặt một mình. %s"
         % (s, TALK["vi"]),
         "Severe signs of depression (score %s of 27)\nPlease see a health "
         "worker now: treatment can help, and you do not have to face this "
         "alone. %s" % (s, TALK["en"])),
    ])
    f.note("fb_selfharm",
           "Bạn cho biết đôi khi có ý nghĩ tự làm hại bản thân. Điều này "
           "quan trọng. Hãy nói chuyện với tư vấn viên hoặc nhân viên y tế "
           "ngay hôm nay, hoặc với một người bạn tin tưởng.",
           "You said you have had thoughts of hurting yourself. This "
           "matters. Please talk to the counselor or a health worker today, "
           "or to someone you trust.",
           relevant="${phq9_selfharm} = 'yes'", narrate=False)
    f.write(OUT, {
        "form_id": "phq9",
        "version": VERSION,
        "form_title": "Sàng lọc trầm cảm (PHQ-9) / Patient Health "
                      "Questionnaire (PHQ-9)",
        "default_language": VI,
        "attribution": PHQ_ATTRIBUTION,
        "licence": PHQ_LICENCE,
        "translation_status": "draft",
    })


def build_gad7():
    f = Form("gad7")
    f.begin("intro_page", appearance="field-list")
    f.note("intro",
           "Bảy câu hỏi này hỏi về cảm giác lo âu của bạn trong 2 tuần qua. "
           + ANON["vi"] + " Thời gian khoảng 2 phút.",
           "These seven questions ask about feeling anxious over the last 2 "
           "weeks. " + ANON["en"] + " It takes about 2 minutes.",
           narrate=False)
    f.row("acknowledge", "start", START[0], START[1], required="yes",
          narrate=False)
    f.end("intro_page")
    total = screener(f, "gad7", GAD7_ITEMS)
    f.calc("gad7_score", total, measure="score")
    # Spitzer et al. 2006: 5, 10, 15 are the cut points.
    f.calc("gad7_severity",
           "if(${gad7_score} >= 15, 'severe', if(${gad7_score} >= 10, "
           "'moderate', if(${gad7_score} >= 5, 'mild', 'minimal')))",
           measure="band", values="gad7_band", score="gad7_score",
           vi="GAD-7 (lo âu)", en="GAD-7 (anxiety)")
    f.value_list("gad7_band", [
        ("minimal", "Tối thiểu", "Minimal", "low"),
        ("mild", "Nhẹ", "Mild", "low"),
        ("moderate", "Vừa", "Moderate", "moderate"),
        ("severe", "Nặng", "Severe", "high"),
    ])
    s = "${gad7_score}"
    band_notes(f, "gad7_severity", s, [
        ("minimal",
         "Rất ít dấu hiệu lo âu (điểm %s/21)\nNếu bạn muốn trò chuyện, tư "
         "vấn viên luôn ở đây." % s,
         "Minimal anxiety (score %s of 21)\nIf you would like to talk, a "
         "counselor is here." % s),
        ("mild",
         "Lo âu nhẹ (điểm %s/21)\nHãy để ý đến cảm giác của mình và trả lời "
         "lại các câu hỏi này sau vài tuần. %s" % (s, TALK["vi"]),
         "Mild anxiety (score %s of 21)\nKeep an eye on how you feel, and "
         "answer these questions again in a few weeks. %s"
         % (s, TALK["en"])),
        ("moderate",
         "Lo âu mức vừa (điểm %s/21)\nBạn nên được nhân viên y tế đánh giá "
         "thêm. %s" % (s, TALK["vi"]),
         "Moderate anxiety (score %s of 21)\nA health worker should look "
         "at this with you. %s" % (s, TALK["en"])),
        ("severe",
         "Lo âu nặng (điểm %s/21)\nHãy gặp nhân viên y tế sớm: điều trị có "
         "thể giúp bạn. %s" % (s, TALK["vi"]),
         "Severe anxiety (score %s of 21)\nPlease see a health worker soon: "
         "treatment can help. %s" % (s, TALK["en"])),
    ])
    f.write(OUT, {
        "form_id": "gad7",
        "version": VERSION,
        "form_title": "Sàng lọc lo âu (GAD-7) / Generalized Anxiety "
                      "Disorder scale (GAD-7)",
        "default_language": VI,
        "attribution": PHQ_ATTRIBUTION,
        "licence": PHQ_LICENCE,
        "translation_status": "draft",
    })


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", "..", ".."))
    pack = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "assets", "pack")
    OUT = os.path.join(pack, "forms")
    os.makedirs(OUT, exist_ok=True)
    build_assist()
    build_crafft()
    build_auditc()
    build_dast10()
    build_phq9()
    build_gad7()
    print("wrote forms into", OUT)
