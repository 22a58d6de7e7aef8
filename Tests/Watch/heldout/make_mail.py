#!/usr/bin/env python3
"""Build 4 raw Japanese e-mails into mail/new/ (Maildir). Bytes are assembled by hand."""
import base64, quopri, os, email, email.policy
from email.utils import parsedate_to_datetime

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mail", "new")


def ew(text, charset, codec, maxchars=12):
    """RFC 2047 B encoded-words, each chunk self-contained (as Japanese MUAs do)."""
    words = []
    for i in range(0, len(text), maxchars):
        b = text[i:i + maxchars].encode(codec)
        words.append("=?%s?B?%s?=" % (charset, base64.b64encode(b).decode("ascii")))
    return "\n ".join(words)


def b64lines(data):
    s = base64.b64encode(data).decode("ascii")
    return "\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def write(name, head, body_bytes, crlf=False):
    raw = head.encode("ascii") + b"\n" + body_bytes
    if crlf:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(raw)


def fname(date, n):
    t = int(parsedate_to_datetime(date).timestamp())
    return "%d.M%dP%d.mx01.kenmedinfo.example.jp" % (t, 100000 + n, 4000 + n)


# ---------------------------------------------------------------- 1: ISO-2022-JP, new announcement
d1 = "Fri, 4 Dec 2026 10:15:27 +0900"
subj1 = "【事務連絡】電子処方箋管理サービスの計画停止について（令和９年７月）"
body1 = """各都道府県薬剤師会
電子処方箋担当者　殿

（本メールは関係団体の皆様にＢＣＣでお送りしております。）

　　　　　　　　　　　　　　　　　　　　　　　　　　事　務　連　絡
　　　　　　　　　　　　　　　　　　　　　　　　　令和８年１２月４日

各都道府県薬剤師会　御中

　　　　　　　　　　　　　　　　　　　厚生労働省医薬局総務課
　　　　　　　　　　　　　　　　　　　電子処方箋サービス推進室

　　　　電子処方箋管理サービスの計画停止について

　平素より電子処方箋の推進に格別の御理解と御協力を賜り、厚く御礼申し上げます。
　今般、電子処方箋管理サービスのデータベース更改作業を実施するため、下記の
とおり同サービスを計画停止することといたしましたので、貴会会員への周知方
よろしくお願いいたします。

　　　　　　　　　　　　　　　記

１．停止日時
　　令和９年７月１７日（土）２１時３０分から
　　令和９年７月１８日（日）６時００分まで（予定）

２．予備日
　　令和９年７月２４日（土）２１時３０分から
　　令和９年７月２５日（日）６時００分まで
　　※７月１７日の作業が完了しなかった場合に限り、予備日に停止を行います。
　　　予備日を使用する場合は、７月２０日（火）までに改めて連絡いたします。

３．停止範囲
　　電子処方箋管理サービスの全機能
　　（処方箋の登録・取得、調剤結果の登録、重複投薬等チェック、リフィル処方箋
　　　の管理を含む）
　　※同時間帯は、マイナポータルにおける処方・調剤情報の閲覧もできません。
　　※オンライン資格確認等システムの資格確認機能は通常どおり利用できます。

４．停止時間中の対応
　　紙の処方箋により対応いただき、調剤結果はサービス再開後に登録してください。

　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　以上

【本件担当】
厚生労働省医薬局総務課電子処方箋サービス推進室
電話：０３−５２５３−１１１１（内線　４２１９）
"""
head1 = """Return-Path: <denshi-shohosen@mhlw.example.go.jp>
Received: from mail.mhlw.example.go.jp (mail.mhlw.example.go.jp [192.0.2.25])
\tby mx01.kenmedinfo.example.jp (Postfix) with ESMTPS id 4QbX1m2Kz9;
\tFri,  4 Dec 2026 10:15:31 +0900 (JST)
Date: %s
From: %s <denshi-shohosen@mhlw.example.go.jp>
To: undisclosed-recipients:;
Subject: %s
Message-ID: <20261204101527.5A3C.E7D1B2F0@mhlw.example.go.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset="ISO-2022-JP"
Content-Transfer-Encoding: 7bit
X-Mailer: Becky! ver. 2.81.04 [ja]
""" % (d1, ew("電子処方箋サービス推進室", "ISO-2022-JP", "iso2022_jp", maxchars=40),
       ew(subj1, "ISO-2022-JP", "iso2022_jp"))
write(fname(d1, 1), head1, body1.encode("iso2022_jp"))

# ---------------------------------------------------------------- 2: Shift_JIS (CP932) QP, extension of news/1.html 2/20
d2 = "Mon, 7 Dec 2026 18:02:11 +0900"
subj2 = "【重要・延長】２月２０日（土）オンライン資格確認等システム計画停止の終了時刻変更について"
body2 = """関係団体　ご担当者様

いつもお世話になっております。
社会保険診療報酬支払基金　オンライン資格確認等システム運用管理室です。
標記について、下記のとおりご連絡いたします。

────────────────────────────────
　　　　　　　　　　　　　　　　　　　　　　　　　　事務連絡
　　　　　　　　　　　　　　　　　　　　　　　　令和8年12月7日
関係団体　御中
　　　　　　　　　　　　　　　　社会保険診療報酬支払基金
　　　　　　　　　　　　　　　　オンライン資格確認等システム運用管理室

　令和9年2月20日（土）のオンライン資格確認等システム計画停止に係る
　停止時間の延長について

　令和8年11月27日付けで医療機関等向けポータルサイトに掲載しました
「【重要】オンライン資格確認等システムの計画停止について（令和9年2月・
3月分）」のうち、令和9年2月20日（土）21時30分から翌21日（日）6時00分
までの計画停止につきまして、ネットワーク機器の交換作業を追加で実施する
こととなったため、停止終了時刻を3時間延長いたします。

　　　　　　　　　　　　　　記

1　対象システム
　　オンライン資格確認等システム（全機能）

2　停止日時
　　（変更前）令和9年2月20日（土）21時30分～2月21日（日）6時00分
　　（変更後）令和9年2月20日（土）21時30分～2月21日（日）9時00分
　　※開始時刻に変更はありません。

3　その他
　　3月6日（土）及び3月27日（土）の計画停止の日程に変更はありません。
　　日曜日の午前中に診療を行う医療機関・薬局におかれては、9時00分まで
　　資格確認書等による資格確認をお願いいたします。

　　　　　　　　　　　　　　　　　　　　　　　　　　　　　　以上
────────────────────────────────
【問い合わせ先】
オンライン資格確認等システム運用管理室
TEL：03-3987-0000（平日9時～17時）
"""
qp2 = quopri.encodestring(body2.encode("cp932"))
head2 = """Return-Path: <oq-unyo@ssk.example.or.jp>
Received: from mgw.ssk.example.or.jp (mgw.ssk.example.or.jp [198.51.100.14])
\tby mx01.kenmedinfo.example.jp (Postfix) with ESMTP id 4QcY7p0Hq1;
\tMon,  7 Dec 2026 18:02:15 +0900 (JST)
From: %s <oq-unyo@ssk.example.or.jp>
To: "kankei-dantai@ssk.example.or.jp" <kankei-dantai@ssk.example.or.jp>
Subject: %s
Date: %s
Message-ID: <TYCP286MB1234ABCD5678EF90@TYCP286MB1234.JPNP286.PROD.OUTLOOK.COM>
Accept-Language: ja-JP, en-US
Content-Language: ja-JP
X-MS-Has-Attach:
Content-Type: text/plain; charset="shift_jis"
Content-Transfer-Encoding: quoted-printable
MIME-Version: 1.0
""" % (ew("支払基金　オン資運用管理室", "shift_jis", "cp932", maxchars=40),
       ew(subj2, "shift_jis", "cp932"), d2)
write(fname(d2, 2), head2, qp2, crlf=True)

# ---------------------------------------------------------------- 3: UTF-8 base64 + .txt attachment, cancels info/4.html
d3 = "Tue, 8 Dec 2026 09:41:30 +0900"
subj3 = "【中止】東北6県におけるオンライン資格確認等システムの一時停止（6月12日）について"
cover3 = """一般社団法人 県医療情報協会
事務局 ご担当者様

お世話になっております。支払基金 東北ブロック システム担当です。

先日ご案内いたしました、6月12日（土）夜間の東北6県における
オンライン資格確認等システムの一時停止について、
停止を取りやめることとなりましたので、
添付の事務連絡をご確認くださいますようお願いいたします。

会員の皆様への周知について、引き続きご協力をお願いいたします。

--
社会保険診療報酬支払基金 東北ブロック
システム担当　佐藤
"""
letter3 = """事 務 連 絡
令和8年12月8日

一般社団法人 県医療情報協会 御中

社会保険診療報酬支払基金
東北ブロック システム担当

東北6県におけるオンライン資格確認等システムの一時停止の中止について

日頃より、オンライン資格確認等システムの運用に御協力いただき、ありがとうございます。

令和8年11月に御連絡いたしました、東北地方のネットワーク回線切替作業に伴う、令和9年6月12日（土）22時00分から6月13日（日）5時00分までの青森県、岩手県、宮城県、秋田県、山形県及び福島県におけるオンライン資格確認等システムの一時停止については、作業手順を見直した結果、システムを停止せずに回線の切替えを行えることとなったため、中止いたします。

つきましては、当該日時においても、上記6県の医療機関・薬局では、オンライン資格確認等システムを通常どおり御利用いただけます。

なお、回線切替作業そのものは予定どおり6月12日（土）夜間に実施いたしますが、医療機関・薬局側での作業は必要ありません。

以上
"""
bnd3 = "----=_NextPart_000_0012_01DB4A2C.6F3E9A10"
att_name = "事務連絡（東北6県一時停止の中止）.txt"
att_ew = "=?UTF-8?B?%s?=" % base64.b64encode(att_name.encode("utf-8")).decode("ascii")
head3 = """Return-Path: <tohoku-system@ssk.example.or.jp>
Received: from mgw.ssk.example.or.jp (mgw.ssk.example.or.jp [198.51.100.14])
\tby mx01.kenmedinfo.example.jp (Postfix) with ESMTP id 4QdB2r6Wn8;
\tTue,  8 Dec 2026 09:41:34 +0900 (JST)
From: =?UTF-8?B?5pSv5omV5Z+66YeRIOadseWMl+ODluODreODg+OCrw==?= <tohoku-system@ssk.example.or.jp>
To: =?UTF-8?B?55yM5Yy755mC5oOF5aCx5Y2U5LyaIOS6i+WLmeWxgA==?= <jimukyoku@kenmedinfo.example.jp>
Subject: %s
Date: %s
Message-ID: <000c01db4a2c$6f3e9a10$4dbbce30$@ssk.example.or.jp>
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="%s"
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AdtKK2h0mQ0Zp3b1T9uQxk7wLr4E2w==
Content-Language: ja
""" % (ew(subj3, "UTF-8", "utf-8", maxchars=14), d3, bnd3)
body3 = ("""This is a multi-part message in MIME format.

--%s
Content-Type: text/plain;
\tcharset="utf-8"
Content-Transfer-Encoding: base64

%s

--%s
Content-Type: text/plain;
\tcharset="utf-8";
\tname="%s"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="%s"

%s

--%s--
""" % (bnd3, b64lines(cover3.encode("utf-8")), bnd3, att_ew, att_ew,
       b64lines(letter3.encode("utf-8")), bnd3)).encode("ascii")
write(fname(d3, 3), head3, body3)

# ---------------------------------------------------------------- 4: HTML only, time change of news/8.html 西日本
d4 = "Tue, 8 Dec 2026 11:05:48 +0900"
subj4 = "【時刻変更】オンライン請求システム計画停止（西日本センター 6月19日）の開始時刻の変更について"
html4 = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<style>td{border:1px solid #999;padding:4px}</style>
</head>
<body style="font-family:'MS Pゴシック',sans-serif;font-size:10.5pt">
<div>関係団体 各位</div>
<div><br></div>
<div align="right">事務連絡<br>令和8年12月8日</div>
<div>関係団体 御中</div>
<div align="right">社会保険診療報酬支払基金<br>オンライン請求ヘルプデスク</div>
<div><br></div>
<div align="center"><b>オンライン請求システム計画停止（西日本センター）の開始時刻の変更について</b></div>
<div><br></div>
<div>&nbsp;令和8年12月7日にお知らせした「オンライン請求システムの計画停止（東日本・西日本センター）について」のうち、<b>西日本センター</b>分（2027年6月19日（土）PM 8:00～6月20日（日）AM 6:00）について、作業体制の都合により<span style="color:red"><b>開始時刻を2時間繰り下げ</b></span>ます。終了時刻に変更はありません。</div>
<div><br></div>
<table style="border-collapse:collapse">
<tr><td></td><td><b>停止開始</b></td><td><b>停止終了</b></td></tr>
<tr><td>変更前</td><td>6月19日（土）午後8時</td><td>6月20日（日）午前6時</td></tr>
<tr><td>変更後</td><td>6月19日（土）午後10時</td><td>6月20日（日）午前6時（変更なし）</td></tr>
</table>
<div><br></div>
<div>対象：福井県以西（近畿、中国・四国、九州・沖縄）の医療機関・薬局</div>
<div>東日本センター分（5月22日（土）～5月23日（日））の日程に変更はありません。</div>
<div><br></div>
<div>以上</div>
<div>--------------------------------------------</div>
<div>オンライン請求ヘルプデスク<br>TEL 0120-60-0000</div>
</body>
</html>
"""
qp4 = quopri.encodestring(html4.encode("utf-8"))
head4 = """Return-Path: <online-seikyu-hd@ssk.example.or.jp>
Received: from mgw.ssk.example.or.jp (mgw.ssk.example.or.jp [198.51.100.14])
\tby mx01.kenmedinfo.example.jp (Postfix) with ESMTP id 4QdE9s1Tb3;
\tTue,  8 Dec 2026 11:05:52 +0900 (JST)
Date: %s
From: =?UTF-8?B?44Kq44Oz44Op44Kk44Oz6KuL5rGC44OY44Or44OX44OH44K544Kv?= <online-seikyu-hd@ssk.example.or.jp>
To: jimukyoku@kenmedinfo.example.jp
Subject: %s
Message-ID: <a91f3c0e-5b2d-4c77-9e1a-0d6b2f7c8e21@ssk.example.or.jp>
MIME-Version: 1.0
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable
X-Mailer: Microsoft Outlook 16.0
""" % (d4, ew(subj4, "UTF-8", "utf-8", maxchars=14))
write(fname(d4, 4), head4, qp4)

# ---------------------------------------------------------------- check: parse only
for n in sorted(os.listdir(OUT)):
    with open(os.path.join(OUT, n), "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    print(n)
    print("  Subject:", m["subject"])
    print("  From:   ", m["from"])
    for part in m.walk():
        if part.is_multipart():
            continue
        print("  part", part.get_content_type(), part.get_filename(), len(part.get_content()), "chars")
        print("   ", part.get_content()[:80].replace("\n", " | "))
    if m.defects:
        print("  DEFECTS:", m.defects)
