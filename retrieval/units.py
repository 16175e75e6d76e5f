"""Measure words that count things, shared by query analysis and figure reading.

``retrieval.intent`` reads the unit a question asks for from them ("多少件", "几起", "多少万吨": the unit is asked,
it is no part of the measure); ``retrieval.answer.text`` reads the units figures are written with from them. One
list, here, because each of those two modules is imported by the other's package (a module of its own imports
neither).
"""

COUNTED_UNITS = ("人次", "件", "宗", "起", "份", "卷", "个", "项", "次", "名", "位", "人", "家", "条", "所", "户", "亩",
                 "斤", "吨", "元", "座", "辆", "套", "岁", "微克")

# Money other than 元 ("687亿美元"): units for figures, and any of them answers "多少钱" (asked in 元).
CURRENCIES = ("美元", "港元", "港币", "美金", "欧元", "日元", "英镑")
