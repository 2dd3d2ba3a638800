# Thông báo của Loa bằng tiếng Việt (mặc định; site.yaml: language: vi).
# Mỗi id ở đây phải có trong en.ftl và có một mục trong docs/huong-dan-bien-tap.md.

## Dòng tổng kết

summary-errors = { $errors } lỗi
summary-warnings = { $warnings } cảnh báo
summary-both = { $errors } lỗi, { $warnings } cảnh báo
guide-pointer = Xem cách sửa trong { $guide }, mục { $sections }
build-done = Đã dựng { $articles } bài viết, { $pages } trang và { $files } tệp vào { $out } trong { $ms } ms
build-nothing-written = chưa ghi gì: { $out } vẫn giữ nguyên như trước
check-ok = ok: không có lỗi

## Gợi ý

hint-did-you-mean = có phải "{ $candidate }"?
hint-both = { $first } { $second }
hint-valid-keys = các mã hợp lệ: { $keys }
hint-known-keys = các mã đã khai báo: { $keys }
hint-use-one-of = dùng một trong các giá trị: { $values }
hint-url-safe = chỉ dùng chữ thường a-z, số 0-9 và dấu '-', ví dụ "{ $example }"
hint-rename-or-slug = đổi tên tệp hoặc đặt một slug khác
hint-rename-folder = đổi tên { $kind ->
    [file] tệp
   *[other] thư mục
}
hint-default-theme = hãy tạo thư mục đó, hoặc dùng giao diện có sẵn: theme: { $default }
hint-activity-ids = dùng một mã id có trong content/calendar.yaml
hint-own-id = mỗi hoạt động cần một id riêng
hint-merge-event = gộp với buổi thứ { $number } trong danh sách hoặc đổi ngày
hint-add-to-site = hãy khai báo nó trong mục { $list } của site.yaml
hint-template-looked-for = đã tìm templates/{ $name } trong thư mục giao diện của trang và trong giao diện có sẵn
hint-example = ví dụ { $key }: "{ $example }"
hint-until-after-from = "until" (ngày kết thúc) không được trước "from" (ngày bắt đầu)
hint-weekday-without-week = bỏ weekday, hoặc dùng every: week
hint-yaml-bracket = danh sách "[" của { $key } chưa được đóng: thêm "]" ở cuối dòng, ví dụ { $key }: [the-che, cong-vu]
hint-yaml-colon = { $key ->
    [title] đặt tiêu đề trong dấu ngoặc kép
   *[other] đặt giá trị của { $key } trong dấu ngoặc kép
}: { $key }: "{ $value }"

## Tệp và thư mục

cannot-read = không đọc được tệp: { $reason }
cannot-write = không ghi được tệp: { $reason }
cannot-create-folder = không tạo được thư mục chứa tệp: { $reason }
write-failed = không ghi được kết quả: { $reason }
write-failed-more = không ghi được kết quả: { $reason } (và { $more } tệp khác cũng không ghi được)
out-unresolvable = { $path }: không xác định được thư mục kết quả: { $reason }
root-unresolvable = { $path }: không xác định được thư mục của trang: { $reason }
out-is-input = { $out }: không dùng { $folder ->
    [site] thư mục của trang
    [content] content/
   *[themes] themes/
} làm thư mục kết quả: mỗi lần dựng, thư mục kết quả bị thay toàn bộ (chưa xóa gì; chọn --out khác, ví dụ public)
out-holds-input = { $out }: không dùng thư mục chứa { $folder ->
    [site] thư mục của trang
    [content] content/
   *[themes] themes/
} làm thư mục kết quả: mỗi lần dựng, thư mục kết quả bị thay toàn bộ (chưa xóa gì; chọn --out khác, ví dụ public)
out-inside-input = { $out }: không ghi kết quả vào trong { $folder ->
    [content] content/
   *[themes] themes/
}: kết quả sẽ lẫn vào dữ liệu của trang (chưa xóa gì; chọn --out khác, ví dụ public)
out-not-loa = { $out }: thư mục không trống và không có dấu { $mark } của Loa; vì mỗi lần dựng thay toàn bộ thư mục kết quả, Loa sẽ không xóa các tệp này (chưa xóa gì; chọn một thư mục trống hoặc mới cho --out, hoặc tự xóa nếu đó chỉ là bản dựng cũ)
out-io = { $path }: { $reason }
output-collision = { $url } cũng được ghi bởi { $other }
output-collision-of = { $url } của { $here } cũng được ghi bởi { $other }
render-failed = lỗi khi dựng trang { $path }: { $reason }
config-not-found = không tìm thấy { $file } trong { $root }: hãy chạy loa trong thư mục của trang, hoặc thêm --root
content-not-found = không tìm thấy thư mục content/: hãy tạo thư mục content/ chứa các bài viết
symlink-skipped = bỏ qua liên kết tượng trưng (symlink): hãy chép chính tệp đó vào content/
file-not-copied = không được xuất bản: tên bắt đầu bằng "." hoặc kết thúc bằng ~, .bak, .tmp, .part, .crdownload được Loa coi là tệp ẩn hay tệp tạm; hãy đổi tên nếu tệp này cần có trên trang
nested-index-ignored = tệp _index.md nằm sâu trong chuyên mục bị bỏ qua: chỉ content/<chuyên-mục>/_index.md mô tả một chuyên mục

## Ngày giờ

date-invalid = ngày "{ $text }" không đúng dạng: hãy viết NĂM-THÁNG-NGÀY, ví dụ 2022-01-14 hoặc 2022-01-14 09:00
date-impossible = ngày "{ $text }" không hợp lệ: ngày { $day } không tồn tại
date-day-first = ngày "{ $text }" viết ngày trước: hãy viết năm trước, { $iso }
now-invalid = --now: { $reason }
epoch-invalid = SOURCE_DATE_EPOCH="{ $value }" không phải một số giây hợp lệ
clock-invalid = đồng hồ của máy tính đang sai (ngoài khoảng cho phép)

## site.yaml

yaml-invalid = { $reason }
yaml-colon = có dấu hai chấm ở chỗ không được phép
yaml-unclosed-list = danh sách mở bằng "[" nhưng không thấy dấu "," hoặc "]"
yaml-bad-character = có ký tự không được phép ở đầu giá trị (ví dụ @, ` hoặc dấu tab)
unknown-key = khóa "{ $key }" không được Loa hiểu nên bị bỏ qua
config-missing-title = thiếu "title": đặt tên cổng thông tin, ví dụ title: "Cải cách hành chính thành phố Hà Nội"
config-missing-base-url = thiếu "base_url": ghi địa chỉ công khai của cổng, ví dụ base_url: "https://cchc.hanoi.gov.vn/"
config-not-positive = { $key } phải từ 1 trở lên, không phải { $value }
config-no-areas = chưa khai báo "areas": bài viết cần ít nhất một lĩnh vực cải cách
base-url-not-absolute = base_url "{ $url }" phải là địa chỉ đầy đủ bắt đầu bằng http:// hoặc https://, ví dụ https://cchc.hanoi.gov.vn/
base-url-unparsable = base_url "{ $url }" không phải địa chỉ đầy đủ dạng https://cchc.hanoi.gov.vn/: { $reason }
base-url-credentials = base_url "{ $url }" không được chứa tên đăng nhập hay mật khẩu
base-url-no-host = base_url "{ $url }" thiếu tên miền
base-url-query = base_url "{ $url }" không được có phần "?" hoặc "#"
key-not-url-safe = mã { $what ->
    [area] lĩnh vực
    [index] chỉ số
   *[other] đơn vị
} "{ $key }" có ký tự không dùng được trong đường dẫn
key-duplicate = mã { $what ->
    [area] lĩnh vực
   *[other] đơn vị
} "{ $key }" bị khai báo hai lần
services-url-not-absolute = services_url "{ $url }" phải là địa chỉ đầy đủ bắt đầu bằng http:// hoặc https://
unknown-key-in = khóa "{ $key }" trong { $block } không được Loa hiểu nên bị bỏ qua
legal-missing = mục legal thiếu "{ $key }": chân trang của mọi trang phải có thông tin này (Nghị định 42/2022/NĐ-CP)
not-an-email = "{ $value }" không phải địa chỉ thư điện tử
theme-bad-name = theme "{ $theme }" phải là tên một thư mục trong themes/
theme-not-found = không tìm thấy giao diện "{ $theme }": không có thư mục themes/{ $theme }/

## Bài viết và trang

front-matter-unclosed = phần đầu bài (front matter) chưa được đóng: thêm một dòng "---" sau khóa cuối cùng
front-matter-invalid = phần đầu bài (front matter) viết sai: { $reason }
unknown-front-matter-key = khóa "{ $key }" ở phần đầu bài không được Loa hiểu nên bị bỏ qua
missing-title = thiếu tiêu đề: thêm dòng title: "…" vào phần đầu bài
missing-front-matter = thiếu tiêu đề: mở đầu tệp bằng phần đầu bài: ---, title: "…", ---
missing-date = thiếu ngày đăng: thêm dòng date: 2022-01-14 (hoặc 2022-01-14 09:00)
missing-areas = thiếu lĩnh vực: thêm areas: [một trong các mã { $keys }]
unknown-area = lĩnh vực "{ $key }" chưa được khai báo trong site.yaml
unknown-unit = đơn vị "{ $key }" chưa được khai báo trong site.yaml
unknown-activity = hoạt động "{ $id }" không có trong lịch content/calendar.yaml
tag-empty-slug = chủ đề "{ $tag }" không có chữ hoặc số nào để làm đường dẫn
slug-empty = slug "{ $slug }" không có chữ hoặc số nào
file-name-empty-slug = tên tệp "{ $name }" không có chữ hoặc số nào để làm đường dẫn
image-needs-alt = có "image" thì cần "image_alt": mô tả bức ảnh cho người không nhìn thấy ảnh
image-no-alt = ảnh "{ $url }" chưa có lời mô tả: viết ![ảnh chụp gì]({ $url })
image-link = ảnh đại diện: { $reason }
skeleton-text = bài viết vẫn còn đoạn chữ mẫu do loa new tạo ra: hãy thay bằng nội dung của bài
url-reserved = /{ $segment }/ đã dành cho { $what ->
    [areas] các trang lĩnh vực
    [tags] các trang chủ đề
    [units] các trang đơn vị
    [calendar] lịch hoạt động
    [report] báo cáo tiến độ kế hoạch
    [pagination] phân trang
    [leaflets] tờ rơi
    [search] trang tìm kiếm
    [indices] các chỉ số cải cách
   *[theme] tệp giao diện
}
url-duplicate = đường dẫn /{ $url } trùng với đường dẫn của { $other }
file-overwrites-page = tệp này sẽ ghi đè lên trang của { $other }

## Liên kết

link-drive-path = liên kết "{ $dest }" là đường dẫn trên ổ đĩa của máy tính: chép tệp vào content/ rồi liên kết tới đó
link-backslash = liên kết "{ $dest }" có dấu gạch chéo ngược hoặc ký tự NUL: viết đường dẫn bằng dấu /
link-above-content = liên kết "{ $dest }" trỏ ra ngoài thư mục content/
link-to-draft = liên kết tới bài nháp "{ $dest }" mà lần dựng này bỏ qua (hãy đăng bài đó, dựng với --drafts, hoặc bỏ liên kết)
link-to-future = liên kết tới "{ $dest }" có ngày đăng sau thời điểm dựng (dựng với --future, hoặc bỏ liên kết)
link-missing-page = liên kết tới trang không tồn tại "{ $dest }": không có content/{ $target }
link-missing-page-similar = liên kết tới trang không tồn tại "{ $dest }": không có content/{ $target } (có phải "{ $candidate }"?)
link-missing-file = liên kết tới tệp không tồn tại "{ $dest }": không có gì ở /{ $path }
link-missing-file-near = liên kết tới tệp không tồn tại "{ $dest }": không thấy cạnh trang (/{ $page }) cũng không thấy cạnh content/{ $source }
link-to-skipped-file = liên kết tới "{ $dest }", tệp mà Loa không xuất bản vì tên của nó (tệp ẩn hay tệp tạm): hãy đổi tên tệp, rồi sửa liên kết

## Lịch hoạt động

calendar-invalid = lịch hoạt động viết sai: { $reason }
activity-missing-id = hoạt động thiếu "id": thêm id gồm a-z, 0-9 và '-', ví dụ id: hop-bao-quy
activity-id-not-url-safe = id hoạt động "{ $id }" có ký tự không dùng được trong đường dẫn
activity-id-duplicate = id hoạt động "{ $id }" bị trùng
activity-id-duplicate-at = id hoạt động "{ $id }" bị trùng (đã có ở dòng { $line })
activity-missing-title = hoạt động "{ $id }" chưa có "title" (tên hoạt động)
unknown-channel = kênh "{ $value }" không hợp lệ
target-count-not-positive = số lần chỉ tiêu phải từ 1 trở lên, không phải { $value }
target-missing-count = chỉ tiêu thiếu "count": viết target: {"{"} count: 11, per: quarter {"}"}
target-missing-per = chỉ tiêu thiếu "per": dùng week, month, quarter, half hoặc year
unknown-target-period = kỳ chỉ tiêu "{ $value }" không hợp lệ
event-missing-date = buổi hoạt động thiếu "date": viết date: 2022-01-20 09:00 (hoặc 2022-01-20 nếu cả ngày)
calendar-date-invalid = ngày "{ $text }" không đúng dạng: viết NĂM-THÁNG-NGÀY hoặc NĂM-THÁNG-NGÀY GIỜ:PHÚT, ví dụ 2022-01-20 09:00
calendar-day-invalid = ngày "{ $text }" không đúng dạng: viết NĂM-THÁNG-NGÀY, ví dụ 2022-01-20
calendar-except-invalid = ngày "{ $text }" trong except không đúng dạng: viết NĂM-THÁNG-NGÀY
event-duplicate-date = hoạt động "{ $id }" có hai buổi cùng lúc { $date }
unknown-status = trạng thái "{ $value }" không hợp lệ
minutes-out-of-range = số phút phải từ 1 đến 10080, không phải { $value }
repeat-missing-date = lịch lặp thiếu "{ $key }": viết { $key }: 2022-01-01
repeat-missing-every = lịch lặp thiếu "every": dùng day, week, month, quarter hoặc year
unknown-repeat = kiểu lặp "every: { $value }" không hợp lệ
interval-out-of-range = interval phải từ 1 đến 1000, không phải { $value }
weekday-without-week = "weekday" chỉ dùng với "every: week"
unknown-weekday = thứ "{ $value }" không hợp lệ
time-invalid = giờ "{ $value }" không đúng dạng: viết GIỜ:PHÚT, ví dụ "20:00"
repeat-ends-before-start = lịch lặp của "{ $id }" kết thúc ({ $until }) trước khi bắt đầu ({ $from })
except-not-occurrence = ngày except { $day } không phải một buổi của lịch lặp "{ $id }"
repeat-no-occurrence = lịch lặp của "{ $id }" không có buổi nào từ { $from } đến { $until }

## Giao diện

template-syntax = mẫu giao diện viết sai: { $reason }
template-error-at = mẫu giao diện bị lỗi: { $reason }
template-error = lỗi mẫu giao diện: { $reason }

## loa new

new-bad-path = cần dạng <chuyên-mục>/<tên-bài>, ví dụ tin-tuc/hop-bao-quy-1
new-reserved-section = /{ $segment }/ đã dành cho { $what ->
    [areas] các trang lĩnh vực
    [tags] các trang chủ đề
    [units] các trang đơn vị
    [calendar] lịch hoạt động
    [report] báo cáo tiến độ kế hoạch
    [pagination] phân trang
    [leaflets] tờ rơi
    [search] trang tìm kiếm
    [indices] các chỉ số cải cách
   *[theme] tệp giao diện
}: hãy chọn chuyên mục khác
new-empty-title = tiêu đề không được để trống
new-no-area = cần ít nhất một lĩnh vực: { $keys }
new-exists = tệp đã có: chọn tên bài khác (loa new không bao giờ ghi đè)
new-created = đã tạo { $path }
new-next = Viết bài, rồi xem trước bằng lệnh: loa serve --root { $root }

## loa serve

serve-serving = Đang phục vụ { $out } tại { $url }
serve-watching = Đang theo dõi site.yaml, content/ và themes/. Nhấn Ctrl+C để dừng.
serve-built = { $again ->
    [yes] Đã dựng lại
   *[no] Đã dựng
} trong { $ms } ms: { $rendered } tệp được dựng, { $written } được ghi, { $removed } bị xóa
serve-last-good = Đang hiển thị bản dựng hợp lệ gần nhất; sửa các lỗi trên rồi lưu lại.
serve-nothing-built = Chưa dựng được trang nào; sửa các lỗi trên rồi lưu lại.
serve-stopped = Đã dừng.
serve-listen-failed = không mở được cổng { $address }: { $reason } (có chương trình khác đang dùng cổng { $port }? thử --port)
serve-ctrlc-failed = không bắt được Ctrl+C: { $reason }
watch-failed = không theo dõi được { $path }: { $reason }
watch-error = bộ theo dõi tệp báo lỗi: { $reason }; có thể một số thay đổi chưa hiện ra: nếu lỗi nói tới giới hạn (limit) hoặc "No space left on device", nhờ bộ phận kỹ thuật tăng fs.inotify.max_user_watches, hoặc chạy lại loa serve
watch-rescan = hệ thống bỏ sót một số thông báo thay đổi tệp; Loa dựng lại toàn bộ trang từ các tệp trên đĩa
overlay-title = Loa: nội dung có lỗi, trang đang hiển thị bản dựng hợp lệ gần nhất. Sửa lỗi rồi lưu lại.
overlay-close = Đóng

## loa import

import-bad-section = chuyên mục "{ $section }" không có chữ hoặc số: viết ví dụ --section tin-tuc
import-not-docx = không phải văn bản Word (.docx): { $reason } (trong Word, chọn Lưu thành "Word Document (*.docx)")
import-bad-date = --date: { $reason }
import-no-title = văn bản không có chữ nào để làm tiêu đề
import-exists = bài đã có: chọn --slug khác (loa import không bao giờ ghi đè)
import-done = đã nhập { $path } cùng { $pictures } ảnh
import-next = Đọc lại bài, thêm chủ đề, đơn vị và tóm tắt, rồi xem trước bằng lệnh: loa serve --root { $root }
import-comments = bỏ qua { $count } chú thích (comment): đọc chúng trong Word và chép lại phần cần thiết
import-tracked-changes = { $count } thay đổi được theo dõi (track changes) được lấy như Word đang hiển thị (giữ phần thêm, bỏ phần xóa): hãy đọc lại
import-text-boxes = bỏ qua { $count } hộp văn bản (text box): chép chữ trong đó vào bài bằng tay
import-legacy-font = { $count } đoạn chữ gõ bằng phông TCVN3 (.VnTime) hoặc VNI (VNI-Times) đã được chuyển sang Unicode: hãy soát lại dấu
import-image-no-alt = ảnh { $file } chưa có lời mô tả (alt text) trong Word: viết mô tả vào ![…] trong bài

## Giao diện: chữ của giao diện

theme-strings-invalid = tệp chữ của giao diện (strings.yaml) viết sai: { $reason }

## Mã chữ và phông chữ cũ

mojibake-text = "{ $text }" có vẻ là chữ gõ bằng phông { $legacy } cũ bị dán sang thành chữ lỗi; đúng ra phải là "{ $fixed }"
hint-mojibake = gõ lại, hoặc chuyển sang Unicode, ví dụ bằng công cụ chuyển mã của Unikey
not-utf8-utf16 = tệp được lưu bằng mã UTF-16, không phải UTF-8
not-utf8-guess = tệp không phải chữ UTF-8; nhiều khả năng tệp gõ bằng mã { $guess }, dòng này đọc ra là "{ $line }"
not-utf8 = tệp không phải chữ UTF-8
hint-save-utf8 = mở tệp bằng trình soạn thảo và lưu lại với mã UTF-8, ví dụ trong Notepad: File > Save As > Encoding: UTF-8

## Chỉ số cải cách (content/indices.yaml)

yaml-not-mapping = tệp không có dạng "khóa: giá trị"
indices-invalid = tệp chỉ số viết sai: { $reason }
indices-part-file = tệp
indices-part-index = một chỉ số
indices-part-key = mục { $key }
indices-part-unit = đơn vị "{ $unit }"
indices-part-value-of = giá trị của { $what }
indices-not-list = "indices" phải là một danh sách: - key: par-index …
indices-not-mapping = { $what } phải viết dạng "khóa: giá trị", ví dụ { $example }
indices-not-text = "{ $key }" phải là một đoạn chữ
indices-not-bool = "{ $key }" chỉ nhận true hoặc false, không nhận "{ $value }"
indices-no-value = { $what } chưa có giá trị: ghi một con số, ví dụ 88.13
indices-not-number = { $what } "{ $value }" không phải là một con số
hint-decimal-dot = viết phần thập phân sau dấu chấm: { $value }
hint-write-number = ghi một con số, ví dụ 88.13
indices-bad-year = năm "{ $value }" không phải bốn chữ số
hint-full-year = viết đủ bốn chữ số của năm, ví dụ 2021: 88.13
indices-year-twice = năm { $year } được ghi hai lần trong { $what }
indices-above-max = giá trị { $value } của { $what } năm { $year } lớn hơn mức tối đa { $max }
hint-check-max = kiểm tra lại con số, hoặc mức max của chỉ số
indices-missing-key = chỉ số chưa có "key": thêm key gồm a-z, 0-9 và '-', ví dụ key: par-index
indices-duplicate-key = mã chỉ số "{ $key }" bị trùng (đã dùng ở dòng { $line })
hint-own-index-key = đặt cho mỗi chỉ số một mã riêng
indices-missing-name = chỉ số "{ $key }" chưa có tên ("name")
indices-missing-source = chỉ số "{ $key }" chưa ghi nguồn ("source")
hint-index-source = ghi nơi công bố số liệu, ví dụ source: "Bộ Nội vụ"
indices-bad-rank = thứ hạng { $value } năm { $year } phải là số nguyên từ 1 trở lên
indices-unit-twice = đơn vị "{ $unit }" được ghi hai lần trong chỉ số "{ $key }"
indices-bad-source-url = source_url "{ $url }" phải bắt đầu bằng https:// hoặc http://

## Biểu đồ (khối ```chi-so)

chart-not-yaml = khối biểu đồ viết sai: viết index: par-index
chart-not-mapping = khối biểu đồ phải nêu một chỉ số: viết index: par-index
hint-chart-keys = chỉ dùng index và units
chart-unknown-key = khối biểu đồ có khóa lạ "{ $key }" ({ $hint })
chart-missing-index = khối biểu đồ chưa có "index": viết index: par-index
hint-indices-file = các chỉ số được khai báo trong content/indices.yaml
chart-unknown-index = chỉ số "{ $key }" chưa được khai báo ({ $hint })
chart-units-not-list = "units" phải là danh sách mã đơn vị
chart-unknown-unit = đơn vị "{ $key }" chưa được khai báo ({ $hint })
hint-units-file = các đơn vị được khai báo trong site.yaml
hint-chart-no-unit-values = chỉ số này chưa có số liệu của đơn vị nào
hint-chart-units-with-values = các đơn vị có số liệu: { $units }
chart-no-unit-value-in = chỉ số "{ $key }" chưa có số liệu năm { $year } của đơn vị "{ $unit }" ({ $hint })
chart-no-unit-value = chỉ số "{ $key }" chưa có số liệu của đơn vị "{ $unit }" ({ $hint })

## HTML viết trong bài

html-iframe-removed = đã bỏ <iframe> từ "{ $host }": muốn nhúng thì thêm tên miền này vào allow_iframes_from trong site.yaml
html-tag-removed-with-content = đã bỏ thẻ <{ $tag }> cùng nội dung bên trong: HTML trong bài không được chạy mã hay đổi giao diện trang
html-tag-removed = đã bỏ thẻ <{ $tag }> (giữ lại chữ bên trong): bài viết không dùng thẻ này
html-attribute-removed = đã bỏ thuộc tính { $attribute }="…" của thẻ <{ $tag }>: HTML trong bài không được chạy mã
html-url-removed = đã bỏ địa chỉ { $scheme }: trong { $attribute } của thẻ <{ $tag }>: chỉ đăng liên kết http(s), mailto, tel hoặc đường dẫn trong trang
link-scheme-removed = đã bỏ liên kết { $scheme }: chỉ đăng liên kết http(s), mailto, tel hoặc đường dẫn trong trang

## Ghi thư mục đầu ra

io-cannot-create = { $path }: không tạo được: { $reason }
io-cannot-write = { $path }: không ghi được: { $reason }
io-cannot-read = { $path }: không đọc được: { $reason }
io-cannot-replace = { $path }: không thay được thư mục cũ: { $reason }
io-not-a-folder = { $path }: đã có một tệp trùng tên, không phải thư mục
io-no-current-folder = không đọc được thư mục hiện tại: { $reason }
io-not-folder-name = { $path }: không phải tên thư mục
io-no-parent = { $path }: không có thư mục chứa

## Hai trang trùng đường dẫn

collision-url = địa chỉ /{ $url }
collision-folder = thư mục /{ $folder }/ (đang có một tệp trùng tên)
collision-file = { $file }
collision-leaflet = tờ rơi của { $file }
collision-section-list = danh sách bài của chuyên mục "{ $section }"
collision-section-page = trang { $page } của chuyên mục "{ $section }"
collision-section-feed = bản tin RSS của chuyên mục "{ $section }"
collision-owner = { $kind ->
    [home] trang chủ
    [feed] bản tin RSS của trang
    [sitemap] sơ đồ trang (sitemap)
    [robots] robots.txt
    [not-found] trang báo không tìm thấy (404)
    [areas] các trang lĩnh vực cải cách
    [tags] các trang chủ đề
    [units] các trang đơn vị
    [calendar] lịch hoạt động
    [report] báo cáo tiến độ kế hoạch
    [search] trang tìm kiếm
   *[indices] các trang chỉ số cải cách
}

## Xem trước (loa serve): trang báo lỗi

serve-no-build-title = Chưa dựng được trang
serve-no-build-text = Nội dung đang có lỗi (xem trong cửa sổ dòng lệnh). Trang sẽ tự tải lại khi lỗi được sửa.
serve-http-status = { $status ->
    [400] 400 Yêu cầu không hợp lệ
    [405] 405 Máy xem trước chỉ trả lời yêu cầu xem trang (GET, HEAD)
   *[500] 500 Không đọc được tệp của trang
}
