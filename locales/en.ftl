# Loa messages in English (`--lang en` or LOA_LANG=en).
# Every id here must also be in vi.ftl and have a section in docs/huong-dan-bien-tap.md.

## Summary lines

summary-errors = { $errors ->
    [one] { $errors } error
   *[other] { $errors } errors
}
summary-warnings = { $warnings ->
    [one] { $warnings } warning
   *[other] { $warnings } warnings
}
summary-both = { $errors ->
    [one] { $errors } error
   *[other] { $errors } errors
}, { $warnings ->
    [one] { $warnings } warning
   *[other] { $warnings } warnings
}
guide-pointer = How to fix each message: { $guide }, sections { $sections }
build-done = Built { $articles } articles, { $pages } pages and { $files } files into { $out } in { $ms } ms
build-nothing-written = nothing written: { $out } is unchanged
check-ok = ok: no errors

## Hints

hint-did-you-mean = did you mean "{ $candidate }"?
hint-both = { $first } { $second }
hint-valid-keys = valid keys: { $keys }
hint-known-keys = known keys: { $keys }
hint-use-one-of = use one of: { $values }
hint-url-safe = use lower-case a-z, 0-9 and '-', e.g. "{ $example }"
hint-rename-or-slug = rename the file or set a different slug
hint-rename-folder = rename the { $kind }
hint-default-theme = create it, or use the built-in theme: theme: { $default }
hint-activity-ids = use an id from content/calendar.yaml
hint-own-id = give each activity its own id
hint-merge-event = merge it with event { $number } of the list or change its date
hint-add-to-site = add it to { $list } in site.yaml
hint-template-looked-for = looked for templates/{ $name } in the site's theme folder and in the built-in theme
hint-example = e.g. { $key }: "{ $example }"
hint-until-after-from = "until" must not be before "from"
hint-weekday-without-week = remove weekday, or use every: week
hint-yaml-bracket = the list "[" of { $key } is not closed: end it with "]" on the same line, e.g. { $key }: [the-che, cong-vu]
hint-yaml-colon = { $key ->
    [title] put the title in double quotes
   *[other] put the value of { $key } in double quotes
}: { $key }: "{ $value }"

## Files and folders

cannot-read = cannot read: { $reason }
cannot-write = cannot write: { $reason }
cannot-create-folder = cannot create its folder: { $reason }
write-failed = { $reason }
write-failed-more = { $reason } (and { $more } more files not written)
out-unresolvable = { $path }: cannot resolve the output folder: { $reason }
root-unresolvable = { $path }: cannot resolve the site folder: { $reason }
out-is-input = { $out }: refusing to use { $folder ->
    [site] the site folder
    [content] content/
   *[themes] themes/
} as the output folder: a build replaces the output folder whole (nothing was deleted; choose another --out, e.g. public)
out-holds-input = { $out }: refusing to use a folder that holds { $folder ->
    [site] the site folder
    [content] content/
   *[themes] themes/
} as the output folder: a build replaces the output folder whole (nothing was deleted; choose another --out, e.g. public)
out-inside-input = { $out }: refusing to write the output inside { $folder ->
    [content] content/
   *[themes] themes/
}: the output would become part of the site's own input (nothing was deleted; choose another --out, e.g. public)
out-not-loa = { $out }: the folder is not empty and holds no { $mark } mark of a Loa build; a build replaces the output folder whole, so Loa will not delete these files (nothing was deleted; choose an empty or new folder as --out, or, if it only holds an old build, delete it by hand)
out-io = { $path }: { $reason }
output-collision = { $url } is also written by { $other }
output-collision-of = { $url } of { $here } is also written by { $other }
render-failed = rendering { $path }: { $reason }
config-not-found = { $file } not found in { $root }: run loa in the site folder or pass --root
content-not-found = content folder not found: create content/ with your articles
symlink-skipped = symbolic link skipped: copy the file into content/ instead
file-not-copied = not published: Loa takes a name that starts with "." or ends with ~, .bak, .tmp, .part or .crdownload for a hidden or temporary file; rename it if it should be on the site
nested-index-ignored = _index.md below a section folder is ignored: only content/<section>/_index.md describes a section

## Dates and times

date-invalid = invalid date "{ $text }": expected YYYY-MM-DD, YYYY-MM-DD HH:MM or RFC 3339 (for example 2022-01-14 09:00)
date-impossible = invalid date "{ $text }": the day { $day } does not exist
date-day-first = invalid date "{ $text }": write the year first, { $iso }
now-invalid = --now: { $reason }
epoch-invalid = SOURCE_DATE_EPOCH="{ $value }" is not a number of seconds in range
clock-invalid = the system clock is out of range

## site.yaml

yaml-invalid = { $reason }
yaml-colon = mapping values are not allowed in this context
yaml-unclosed-list = did not find expected ',' or ']'
yaml-bad-character = found character that cannot start any token
unknown-key = unknown key "{ $key }"
config-missing-title = missing "title": name the portal, e.g. title: "Cải cách hành chính thành phố Hà Nội"
config-missing-base-url = missing "base_url": give the portal's public address, e.g. base_url: "https://cchc.hanoi.gov.vn/"
config-not-positive = { $key } must be at least 1, not { $value }
config-no-areas = no "areas" defined: articles need at least one reform area
base-url-not-absolute = base_url "{ $url }" must be an absolute http(s) URL such as https://cchc.hanoi.gov.vn/
base-url-unparsable = base_url "{ $url }" is not an absolute http(s) URL such as https://cchc.hanoi.gov.vn/: { $reason }
base-url-credentials = base_url "{ $url }" must not hold a user name or password
base-url-no-host = base_url "{ $url }" has no host
base-url-query = base_url "{ $url }" must not have a query or fragment
key-not-url-safe = { $what } key "{ $key }" is not URL-safe
key-duplicate = duplicate { $what } key "{ $key }"
services-url-not-absolute = services_url "{ $url }" must be an absolute http(s) URL
unknown-key-in = unknown key "{ $key }" in { $block }
legal-missing = legal has no "{ $key }": every page's footer must show it (Nghị định 42/2022/NĐ-CP)
not-an-email = "{ $value }" is not an e-mail address
theme-bad-name = theme "{ $theme }" must be a folder name under themes/
theme-not-found = theme "{ $theme }" not found: no folder themes/{ $theme }/

## Articles and pages

front-matter-unclosed = front matter is not closed: add a line "---" after the last front-matter key
front-matter-invalid = invalid front matter: { $reason }
unknown-front-matter-key = unknown front-matter key "{ $key }"
missing-title = missing "title": add a line title: "…" to the front matter
missing-front-matter = missing "title": start the file with a front matter: ---, title: "…", ---
missing-date = missing "date": add a line date: 2022-01-14 (or 2022-01-14 09:00)
missing-areas = missing "areas": add areas: [one of { $keys }]
unknown-area = unknown area "{ $key }"
unknown-unit = unknown unit "{ $key }"
unknown-activity = unknown activity "{ $id }"
tag-empty-slug = tag "{ $tag }" has no letters or digits to make a URL from
slug-empty = slug "{ $slug }" has no letters or digits
file-name-empty-slug = file name "{ $name }" has no letters or digits to make a URL from
image-needs-alt = "image" needs "image_alt": describe the picture for readers who cannot see it
image-no-alt = image "{ $url }" has no alt text: write ![what it shows]({ $url })
image-link = image: { $reason }
skeleton-text = the article still holds the text of the loa new skeleton: replace it with your own
url-reserved = /{ $segment }/ is reserved for { $what ->
    [areas] the reform-area pages
    [tags] the tag pages
    [units] the unit pages
    [calendar] the calendar
    [report] the plan-progress report
    [pagination] pagination
    [leaflets] leaflets
    [search] the search page
    [indices] the reform indices
   *[theme] theme files
}
url-duplicate = URL /{ $url } is also the URL of { $other }
file-overwrites-page = file would overwrite the page of { $other }

## Links

link-drive-path = link to "{ $dest }" is a path on a computer's drive: copy the file into content/ and link to it there
link-backslash = link to "{ $dest }" has a backslash or NUL: write paths with /
link-above-content = link to "{ $dest }" goes above content/
link-to-draft = link to draft "{ $dest }", which this build leaves out (publish it, build with --drafts, or remove the link)
link-to-future = link to "{ $dest }", which is dated after the build time (build with --future, or remove the link)
link-missing-page = link to missing page "{ $dest }": no content/{ $target }
link-missing-page-similar = link to missing page "{ $dest }": no content/{ $target } (did you mean "{ $candidate }"?)
link-missing-file = link to missing file "{ $dest }": nothing is built at /{ $path }
link-missing-file-near = link to missing file "{ $dest }": not found next to the page (/{ $page }) nor next to content/{ $source }
link-to-skipped-file = link to "{ $dest }", a file Loa does not publish because of its name (hidden or temporary): rename the file, then the link

## Calendar

calendar-invalid = invalid calendar: { $reason }
activity-missing-id = activity without "id": add id: a-z0-9 and '-', e.g. id: hop-bao-quy
activity-id-not-url-safe = activity id "{ $id }" is not URL-safe
activity-id-duplicate = duplicate activity id "{ $id }"
activity-id-duplicate-at = duplicate activity id "{ $id }" (first at line { $line })
activity-missing-title = activity "{ $id }" has no "title"
unknown-channel = unknown channel "{ $value }"
target-count-not-positive = target count must be at least 1, not { $value }
target-missing-count = target without "count": write target: {"{"} count: 11, per: quarter {"}"}
target-missing-per = target without "per": use week, month, quarter, half or year
unknown-target-period = unknown target period "{ $value }"
event-missing-date = event without "date": write date: 2022-01-20 09:00 (or 2022-01-20 for all day)
calendar-date-invalid = invalid date "{ $text }": expected YYYY-MM-DD or YYYY-MM-DD HH:MM
calendar-day-invalid = invalid date "{ $text }": expected YYYY-MM-DD
calendar-except-invalid = invalid date "{ $text }" in except: expected YYYY-MM-DD
event-duplicate-date = activity "{ $id }" has two events at { $date }
unknown-status = unknown status "{ $value }"
minutes-out-of-range = minutes must be between 1 and 10080, not { $value }
repeat-missing-date = repeat without "{ $key }": write { $key }: 2022-01-01
repeat-missing-every = repeat without "every": use day, week, month, quarter or year
unknown-repeat = unknown repeat "every: { $value }"
interval-out-of-range = interval must be between 1 and 1000, not { $value }
weekday-without-week = "weekday" goes only with "every: week"
unknown-weekday = unknown weekday "{ $value }"
time-invalid = invalid time "{ $value }": expected HH:MM, e.g. "20:00"
repeat-ends-before-start = repeat of "{ $id }" ends ({ $until }) before it starts ({ $from })
except-not-occurrence = except date { $day } is not an occurrence of the repeat of "{ $id }"
repeat-no-occurrence = the repeat of "{ $id }" has no occurrence between { $from } and { $until }

## Templates

template-syntax = template syntax: { $reason }
template-error-at = { $reason }
template-error = templates: { $reason }

## loa new

new-bad-path = expected <section>/<slug>, e.g. tin-tuc/hop-bao-quy-1
new-reserved-section = /{ $segment }/ is reserved for { $what ->
    [areas] the reform-area pages
    [tags] the tag pages
    [units] the unit pages
    [calendar] the calendar
    [report] the plan-progress report
    [pagination] pagination
    [leaflets] leaflets
    [search] the search page
    [indices] the reform indices
   *[theme] theme files
}: choose another section
new-empty-title = the title must not be empty
new-no-area = give at least one area: { $keys }
new-exists = already exists: choose another slug (loa new never overwrites)
new-created = created { $path }
new-next = Write the article, then preview it with: loa serve --root { $root }

## loa serve

serve-serving = Serving { $out } at { $url }
serve-watching = Watching site.yaml, content/ and themes/ for changes. Press Ctrl+C to stop.
serve-built = { $again ->
    [yes] Rebuilt
   *[no] Built
} in { $ms } ms: { $rendered } files rendered, { $written } written, { $removed } removed
serve-last-good = Serving the last good build; fix the errors above and save again.
serve-nothing-built = Nothing built yet; fix the errors above and save again.
serve-stopped = Stopped.
serve-listen-failed = cannot listen on { $address }: { $reason } (is another server using port { $port }? try --port)
serve-ctrlc-failed = cannot handle Ctrl+C: { $reason }
watch-failed = cannot watch { $path }: { $reason }
watch-error = the file watcher reported a problem: { $reason }; some changes may not show: if it mentions a limit or "No space left on device", raise the system's fs.inotify.max_user_watches, or restart loa serve
watch-rescan = the system dropped some file-change notices; rebuilding everything from disk
overlay-title = Loa: the content has errors; the page shows the last good build. Fix them and save again.
overlay-close = Close

## loa import

import-bad-section = section "{ $section }" has no letters or digits: write e.g. --section tin-tuc
import-not-docx = not a Word document (.docx): { $reason } (save it from Word as "Word Document (*.docx)")
import-bad-date = --date: { $reason }
import-no-title = the document has no text to take a title from
import-exists = already exists: choose another --slug (loa import never overwrites)
import-done = imported { $path } with { $pictures ->
    [one] { $pictures } picture
   *[other] { $pictures } pictures
}
import-next = Read it through, add tags, units and a summary, then preview it with: loa serve --root { $root }
import-comments = { $count ->
    [one] { $count } comment was
   *[other] { $count } comments were
} left out: read them in Word and carry over what matters
import-tracked-changes = { $count ->
    [one] { $count } tracked change was
   *[other] { $count } tracked changes were
} taken as shown in Word (insertions kept, deletions dropped): check the text
import-text-boxes = { $count ->
    [one] { $count } text box was
   *[other] { $count } text boxes were
} left out: copy their text into the article by hand
import-legacy-font = { $count ->
    [one] { $count } run
   *[other] { $count } runs
} typed in a TCVN3 (.VnTime) or VNI (VNI-Times) font converted to Unicode: check the accents
import-image-no-alt = picture { $file } has no alt text in Word: describe it in the ![…] of the article

## Themes

theme-strings-invalid = invalid theme strings: { $reason }

## Encodings

mojibake-text = "{ $text }" looks like { $legacy } text pasted through a Latin-1 font; it should read "{ $fixed }"
hint-mojibake = retype it, or convert it to Unicode, e.g. with Unikey's converter
not-utf8-utf16 = the file is saved as UTF-16, not UTF-8
not-utf8-guess = the file is not UTF-8 text; it is most likely { $guess }, where this line reads "{ $line }"
not-utf8 = the file is not UTF-8 text
hint-save-utf8 = open it in a text editor and save it again with the encoding UTF-8, e.g. in Notepad: File > Save As > Encoding: UTF-8

## Reform indices (content/indices.yaml)

yaml-not-mapping = not a YAML mapping
indices-invalid = invalid indices file: { $reason }
indices-part-file = the file
indices-part-index = an index
indices-part-key = { $key }
indices-part-unit = unit "{ $unit }"
indices-part-value-of = value of { $what }
indices-not-list = "indices" must be a list: - key: par-index …
indices-not-mapping = { $what } must be a mapping, e.g. { $example }
indices-not-text = "{ $key }" must be a text
indices-not-bool = "{ $key }" must be true or false, not "{ $value }"
indices-no-value = { $what } has no value: write a number such as 88.13
indices-not-number = { $what } "{ $value }" is not a number
hint-decimal-dot = write the decimal with a dot: { $value }
hint-write-number = write a number such as 88.13
indices-bad-year = year "{ $value }" is not four digits
hint-full-year = write the year in full, e.g. 2021: 88.13
indices-year-twice = year { $year } is given twice in { $what }
indices-above-max = value { $value } of { $what } in { $year } is above max { $max }
hint-check-max = check the figure, or the max of the index
indices-missing-key = index without "key": add key: a-z0-9 and '-', e.g. key: par-index
indices-duplicate-key = duplicate index key "{ $key }" (first at line { $line })
hint-own-index-key = give each index its own key
indices-missing-name = index "{ $key }" has no "name"
indices-missing-source = index "{ $key }" has no "source"
hint-index-source = name who published the figures, e.g. source: "Bộ Nội vụ"
indices-bad-rank = rank { $value } in { $year } is not a whole number from 1
indices-unit-twice = unit "{ $unit }" is given twice in index "{ $key }"
indices-bad-source-url = source_url "{ $url }" must start with https:// or http://

## Charts

chart-not-yaml = chart block is not YAML: write index: par-index
chart-not-mapping = chart block must name an index: write index: par-index
hint-chart-keys = use index and units
chart-unknown-key = unknown key "{ $key }" in chart block ({ $hint })
chart-missing-index = chart block without "index": write index: par-index
hint-indices-file = indices are listed in content/indices.yaml
chart-unknown-index = unknown index "{ $key }" ({ $hint })
chart-units-not-list = "units" must be a list of unit keys
chart-unknown-unit = unknown unit "{ $key }" ({ $hint })
hint-units-file = units are listed in site.yaml
hint-chart-no-unit-values = no unit has values in this index
hint-chart-units-with-values = units with values: { $units }
chart-no-unit-value-in = index "{ $key }" has no value of unit "{ $unit }" for { $year } ({ $hint })
chart-no-unit-value = index "{ $key }" has no value of unit "{ $unit }" ({ $hint })

## Raw HTML in articles

html-iframe-removed = <iframe> from "{ $host }" removed: list its host under allow_iframes_from in site.yaml to embed it
html-tag-removed-with-content = <{ $tag }> removed with its content: raw HTML may not run scripts or restyle the site
html-tag-removed = <{ $tag }> tag removed (its text is kept): this tag is not allowed in articles
html-attribute-removed = attribute { $attribute }="…" of <{ $tag }> removed: raw HTML may not run scripts
html-url-removed = { $scheme }: URL in { $attribute } of <{ $tag }> removed: only http(s), mailto, tel and relative links are published
link-scheme-removed = { $scheme }: link removed: only http(s), mailto, tel and relative links are published

## Writing the output

io-cannot-create = { $path }: cannot create: { $reason }
io-cannot-write = { $path }: cannot write: { $reason }
io-cannot-read = { $path }: cannot read: { $reason }
io-cannot-replace = { $path }: cannot replace: { $reason }
io-not-a-folder = { $path }: exists and is not a folder
io-no-current-folder = cannot read the current folder: { $reason }
io-not-folder-name = { $path }: not a folder name
io-no-parent = { $path }: has no parent folder

## Output collisions

collision-url = URL /{ $url }
collision-folder = the folder /{ $folder }/ (a file there)
collision-file = { $file }
collision-leaflet = the leaflet of { $file }
collision-section-list = the list of section "{ $section }"
collision-section-page = page { $page } of section "{ $section }"
collision-section-feed = the feed of section "{ $section }"
collision-owner = { $kind ->
    [home] the home page
    [feed] the site feed
    [sitemap] the sitemap
    [robots] robots.txt
    [not-found] the 404 page
    [areas] the reform-area pages
    [tags] the tag pages
    [units] the unit pages
    [calendar] the calendar
    [report] the plan-progress report
    [search] the search page
   *[indices] the reform indices
}

## loa serve

serve-no-build-title = No page built yet
serve-no-build-text = The content has errors (see the terminal). The page reloads by itself once they are fixed.
serve-http-status = { $status ->
    [400] 400 Bad Request
    [405] 405 Method Not Allowed
   *[500] 500 Internal Server Error
}
