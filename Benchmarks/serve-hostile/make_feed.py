# A big, valid-looking calendar feed for the memory probe: make_feed.py OUT [BYTES].
import random, sys
random.seed(7)
target = int(sys.argv[2]) if len(sys.argv) > 2 else 300 * 1024 * 1024
out = open(sys.argv[1], "w", newline="")
out.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//OutageCal probe//EN\r\nX-WR-CALNAME:probe\r\n")
written = 0; n = 0
places = ["福岡市中央区", "北九州市小倉北区", "久留米市", "大牟田市", "飯塚市", "那覇市", "熊本市東区"]
while written < target:
    n += 1
    d = 1 + n % 28; h = n % 24
    ev = ("BEGIN:VEVENT\r\nUID:probe-%d@outagecal\r\nDTSTAMP:20250101T000000Z\r\n"
          "DTSTART:202506%02dT%02d0000Z\r\nDTEND:202506%02dT%02d3000Z\r\nSEQUENCE:%d\r\n"
          "SUMMARY:計画停止 %s %d丁目\r\nDESCRIPTION:工事のため停電します。対象 %d 戸 (ref %08x)\r\n"
          "END:VEVENT\r\n") % (n, d, h, d, h, n % 5, random.choice(places), n % 40, random.randint(1, 900), random.getrandbits(32))
    out.write(ev); written += len(ev.encode())
out.write("END:VCALENDAR\r\n")
