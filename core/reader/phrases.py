"""The phrases the reader knows in a report's folded text (Vietnamese without diacritics): the whole
country or province, a unit named by its level only, places where something happens rather than who
acts, examples, the parties of an agreement; and the thresholds of where such phrases count."""

import re

#: A figure of the whole country ("cả nước có", "toàn quốc hiện có"): its unit is the country.
NATIONAL_RE = re.compile(r"\b(ca nuoc|toan quoc)\s+(da |hien |dang )?co\b(?:[^.;]|\.\d)*$")
LOCATIVE_RE = re.compile(r"(tai|o|tren dia ban|thuoc|cua|trong)\s+(dia ban\s+)?$")
WHOLE_PROVINCE_RE = re.compile(r"\b(toan tinh|ca tinh|tren dia ban tinh|trong tinh|toan thanh pho)\b")
# A unit named by its level only, referring back to the last one named: "toàn huyện có",
# "xã đã tổ chức", "trên địa bàn xã", "Nhân dân phường", "huyện xây dựng được".
LEVEL_WORD = r"(thi tran|thi xa|thanh pho|xa|phuong|huyen|quan|tinh)"
ANAPHOR_RE = re.compile(
    rf"(?:^|[^a-z])(?:(?:toan|ca|tren dia ban(?: toan)?|dia ban|nhan dan|chinh quyen)\s+{LEVEL_WORD}\b"
    rf"(?!\s*,\s*{LEVEL_WORD})"
    rf"|(?<!cac )(?<!cap )(?<!nhung )(?<!moi )(?<!tung )(?<!cong an ){LEVEL_WORD}(?=\s+(?:da|dang|duy tri|co|xay dung|"
    r"to chuc|ra mat|thanh lap|hien|trien khai|phoi hop|cung co|chi dao|tu nguyen|boi duong|lap dat|van dong|"
    r"thuc hien|huy dong|luon|con|cung|tiep tuc)\b))")
LEVEL_WORDS_VI = {"xã", "phường", "thị trấn", "huyện", "quận", "thị xã", "thành phố", "tỉnh"}   # not "quản"
LEVEL_OF_WORD = {"xa": "commune", "phuong": "commune", "thi tran": "commune", "huyen": "district",
                 "quan": "district", "thi xa": "district", "thanh pho": "city", "tinh": "province"}
PART_RE = re.compile(r"\btrong do\b")
AWARDS = {"awards_collective", "awards_individual", "emulation_flags", "security_medals"}
REVIEW_WORDS_RE = re.compile(r"\b(tong ket|so ket|ket qua|nhin lai|bao cao|trong|qua)\b")
OPENING_CHARS = 40           # a period phrase this near a paragraph's start sets the period of the next ones
SUBJECT_WITHIN = 40          # characters from a sentence's start to its acting place ("Thời gian qua, huyện X")
# Words before a place that make it where something happens, not who acts ("tại xã X").
PLACE_LOCATIVE_RE = re.compile(r"\b(tai|o|ve|den|tham|cho|voi|cua|tren dia ban|thuoc|trong)\s*$")
# Before a place named after a figure: it is an example, not where the figure is ("gồm: ...", "như").
EXAMPLE_RE = re.compile(r":|\b(nhu|gom|dien hinh|tieu bieu|trong do)\b")
# "giữa 2 lực lượng", "2 đơn vị đã ký kết": the parties the text speaks of, not a reported count.
PARTIES_RE = re.compile(r"^(luc luong|don vi|ben|co quan|nganh|to chuc|tinh|dia phuong|doan|phia|cap)\b")
