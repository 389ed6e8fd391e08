"""jieba tokenisation with the policy's domain words, quiet on stderr.

Domain words keep 晋创谷, 中试基地, 博士后科研工作站 … whole, so BM25 and the keyword
channel match them as terms instead of as fragments shared with unrelated clauses.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import cache
from pathlib import Path

from corpus import yamlfile

DOMAIN_WORDS = (
    "晋创谷",
    "晋中",
    "农高区",
    "开发区",
    "运营公司",
    "一站式服务窗口",
    "科创团队",
    "成果转化",
    "科技成果转化",
    "拨投结合",
    "先投后股",
    "关键核心技术",
    "技术攻关",
    "重大专项",
    "重点研发",
    "国拨经费",
    "省拨经费",
    "技术转让",
    "技术许可",
    "专利转让",
    "专利许可",
    "技术合同",
    "认定登记",
    "技术交易额",
    "技术开发",
    "技术服务",
    "技术咨询",
    "概念验证",
    "概念验证中心",
    "中试",
    "中试基地",
    "中试平台",
    "试生产",
    "服务性收入",
    "院士工作站",
    "博士后",
    "博士后科研工作站",
    "博士后工作站",
    "流动站",
    "工作站",
    "建站补助",
    "柔性引才",
    "柔性引进",
    "研究生",
    "技术经纪人",
    "技术经理人",
    "技术转移",
    "技术转移机构",
    "培训费",
    "孵化器",
    "孵化载体",
    "众创空间",
    "科技企业孵化器",
    "律师事务所",
    "会计师事务所",
    "知识产权",
    "知识产权事务所",
    "质押融资",
    "知识产权质押",
    "信用贷款",
    "投资基金",
    "融资总额",
    "法律服务",
    "纠纷",
    "容错",
    "容错机制",
    "尽职免责",
    "免责",
    "就高不重复",
    "有效期",
    "责任单位",
    "科技局",
)

_STOP = frozenset(
    [
        "的",
        "了",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "么",
        "嘛",
        "哦",
        "是",
        "我",
        "我们",
        "你",
        "你们",
        "他",
        "她",
        "它",
        "这",
        "那",
        "这个",
        "那个",
        "有",
        "在",
        "和",
        "与",
        "及",
        "或",
        "也",
        "都",
        "就",
        "还",
        "要",
        "想",
        "请问",
        "一下",
        "什么",
        "怎么",
        "如何",
        "可以",
        "能",
        "能不能",
        "会",
        "不",
        "没",
        "没有",
        "个",
        "些",
        "给",
        "对",
        "把",
        "被",
        "从",
        "到",
        "为",
        "以",
        "等",
        "之",
        "其",
        "该",
        "如果",
        "吗？",
        "请",
        "问",
    ]
)
# Traditional characters people type (Hong Kong, Taiwan, input-method setting) → simplified,
# position for position. Only characters that are not themselves in use in simplified text
# (著, 乾, 瞭 … are left alone). 參 is left out: it is also the financial numeral for 3, so
# its words are in TYPOS instead. The one table serves retrieval and understanding alike.
_TRADITIONAL = (
    "個們這來時會對於為與說請問嗎麼麽還沒錢給讓辦業務機構術轉專權許認證書習學國創開發髮區農營運團隊進駐園廠場資補貼獎勵額萬億費經濟紀"
    "師計審稅財貸銀擔質險風驗試產線樣實廣導員職稱訓級優選眾間載體備聯設後動碩勞簽約門處關鍵項撥結題牽頭單決歸屬條規則執適範圍釋訂糾紛"
    "訴訟護盜錯責盡損虧壞帳賬東車馬長見現從兩應該無號幾訊絡話電網買賣價貴較總數據當雙雖歡幫協議擁將過邊遠達隨標準縣鄉讀課語謝識診變換"
    "擴報掛託積極樂藥醫療裝製臺灣臨盤獲舊歲齡滿並兒寫憑戶廳薦獨佔復複貨齊歷曆續紙層類顧劃畫衛陸階際陽雜離難響頁順須預領顯飛館騙鬥黃壓"
    "貢賺購贈軟輔輕遊遲郵針鐵銷錄鎮鏈閉閒閱闆陳隱隻靜韓願飯養餘驅鬆麵點黨儲傳傷僅儀兌內冊劑勁勝勢卻厲嚴圖塊夠奪奮媽寧寶寬屆幣幹廢張強"
    "彈彙徑徵恆悅惡愛態慣慶懷戰擇擊擬攜敗斷晉暫曉樓樞橋檢欄殘氣況淨減測溝滅漢潔澤濱災煩熱燈爭牆狀猶環畢異監碼確礎禮種穩窮競筆築節簡糧"
    "紅純納組細終絕統絲維綜綠緊編練縮績織繼罰羅義聖聞聰聲脅腦腳興舉艱莊華葉蓋藝蘇蟲衝視親覺覽觀討記訪詢詳誠誤調談論諮謀譯豐負貧販貿賓"
    "賞賴贏趕跡踐軍輛輸連週違遷遺採鑒鑑閩陣雲顏驚鮮麗裡裏係繫啟啓頒佈蹤獻鋼錶鐘滬吳廟潛殺鬧繳帶礙蘭趨歐鄭壽纔賠賦檔虛拋捨掃揚搶擺攝聽"
    "嘆圓奧島庫廈徹戲擾暢殼滯濫爛祕綱脫臟蘋襲評詐誌誰諾講譽賀賃躍軸輪轄辭遞邏鄰銳鎖鏡闊雞頓頻饋騰魚鴻麥龍僱偽傑債儘償劉匯嘗堅墊壯尋嶄"
    "彌憂懼揮棄樹橫毀漲潤瀏礦穀籌紹綫緒締緩縱藍覓觸詞謂譜貫輯辯鋒陰靈頂獄陝遼剛側夥亞溫劇詩孫盧鑰貳"
)
_SIMPLIFIED = (
    "个们这来时会对于为与说请问吗么么还没钱给让办业务机构术转专权许认证书习学国创开发发区农营运团队进驻园厂场资补贴奖励额万亿费经济纪"
    "师计审税财贷银担质险风验试产线样实广导员职称训级优选众间载体备联设后动硕劳签约门处关键项拨结题牵头单决归属条规则执适范围释订纠纷"
    "诉讼护盗错责尽损亏坏账账东车马长见现从两应该无号几讯络话电网买卖价贵较总数据当双虽欢帮协议拥将过边远达随标准县乡读课语谢识诊变换"
    "扩报挂托积极乐药医疗装制台湾临盘获旧岁龄满并儿写凭户厅荐独占复复货齐历历续纸层类顾划画卫陆阶际阳杂离难响页顺须预领显飞馆骗斗黄压"
    "贡赚购赠软辅轻游迟邮针铁销录镇链闭闲阅板陈隐只静韩愿饭养余驱松面点党储传伤仅仪兑内册剂劲胜势却厉严图块够夺奋妈宁宝宽届币干废张强"
    "弹汇径征恒悦恶爱态惯庆怀战择击拟携败断晋暂晓楼枢桥检栏残气况净减测沟灭汉洁泽滨灾烦热灯争墙状犹环毕异监码确础礼种稳穷竞笔筑节简粮"
    "红纯纳组细终绝统丝维综绿紧编练缩绩织继罚罗义圣闻聪声胁脑脚兴举艰庄华叶盖艺苏虫冲视亲觉览观讨记访询详诚误调谈论咨谋译丰负贫贩贸宾"
    "赏赖赢赶迹践军辆输连周违迁遗采鉴鉴闽阵云颜惊鲜丽里里系系启启颁布踪献钢表钟沪吴庙潜杀闹缴带碍兰趋欧郑寿才赔赋档虚抛舍扫扬抢摆摄听"
    "叹圆奥岛库厦彻戏扰畅壳滞滥烂秘纲脱脏苹袭评诈志谁诺讲誉贺赁跃轴轮辖辞递逻邻锐锁镜阔鸡顿频馈腾鱼鸿麦龙雇伪杰债尽偿刘汇尝坚垫壮寻崭"
    "弥忧惧挥弃树横毁涨润浏矿谷筹绍线绪缔缓纵蓝觅触词谓谱贯辑辩锋阴灵顶狱陕辽刚侧伙亚温剧诗孙卢钥贰"
)
_T2S = str.maketrans(_TRADITIONAL, _SIMPLIFIED)

# Homophone and near-shape slips of the input method → the intended phrase (data file).
TYPOS: dict[str, str] = {
    str(k): str(v) for k, v in yamlfile.read(Path(__file__).with_name("typos.yaml")).items()
}
_TYPO = re.compile("|".join(sorted(map(re.escape, TYPOS), key=len, reverse=True)))


def normalize(text: str) -> str:
    """Traditional → simplified characters and known input-method slips → the policy's terms."""
    return _TYPO.sub(lambda m: TYPOS[m.group(0)], text.translate(_T2S))


_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)
_lock = threading.Lock()


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for word in DOMAIN_WORDS:
        jieba.add_word(word, freq=20000)
    jieba.initialize()
    return jieba


def add_words(words) -> None:
    """Teach jieba more whole words (e.g. the synonyms of corpus/synonyms.yaml)."""
    jb = _jieba()
    with _lock:
        for w in words:
            if 1 < len(w) <= 12:
                jb.add_word(w, freq=10000)


def tokens(text: str) -> list[str]:
    """Search-mode tokens without stop words and punctuation, lower-cased."""
    jb = _jieba()
    with _lock:  # jieba's dictionary is shared state; add_word may run concurrently
        raw = jb.lcut_for_search(text.lower())
    return [t for t in raw if t.strip() and t not in _STOP and not _PUNCT.match(t)]
