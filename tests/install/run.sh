#!/usr/bin/env bash
# Installation tests: `make install` and `make uninstall` with DESTDIR and
# PREFIX, the installed binary, the manual page (renders without warnings),
# the bash completion (driven through its function) and the zsh completion
# (driven in a pseudo-terminal when zsh is installed), and a drift check:
# every command and option that the --help texts print, every template,
# format and locale, appears in the manual page and in both completions, so
# an option added without documentation fails here. Prints one "ok ..." or
# "FAIL ...: detail" line per check ("skip ..." when a tool is missing)
# and, last, "N passed, N failed"; exits 1 when anything failed.
# usage: tests/install/run.sh   (runs make install, which builds build/datagen)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'rm -rf "$tmp"; trap - EXIT; exit 130' INT TERM

passed=0
failed=0
ok() {
    echo "ok install/$1"
    passed=$((passed + 1))
}
fail() {
    echo "FAIL install/$1: $2"
    failed=$((failed + 1))
}
skip() {
    echo "skip install/$1: $2"
}
# same NAME EXPECTED ACTUAL: the two word lists hold the same words
same() {
    local expected actual
    expected=$(printf '%s\n' $2 | sed '/^$/d' | sort -u | tr '\n' ' ')
    actual=$(printf '%s\n' $3 | sed '/^$/d' | sort -u | tr '\n' ' ')
    if [ "$expected" = "$actual" ]; then
        ok "$1"
    else
        fail "$1" "expected [${expected% }], got [${actual% }]"
    fi
}
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

# --- make install / uninstall ------------------------------------------
dest=$tmp/root
prefix=/usr
installed="bin/datagen 755
share/man/man1/datagen.1 644
share/bash-completion/completions/datagen 644
share/zsh/site-functions/_datagen 644"
sources="build/datagen man/datagen.1 completions/datagen.bash completions/_datagen"

if make --no-print-directory -s install DESTDIR="$dest" PREFIX="$prefix" \
    >"$tmp/make.log" 2>&1; then
    ok make-install
else
    fail make-install "$(tail -n 5 "$tmp/make.log")"
    finish
fi
actual=$(cd "$dest" && find . \( -type f -o -type l \) -printf '%P %m\n' | sort)
expected=$(printf '%s\n' "$installed" | sed "s|^|${prefix#/}/|" | sort)
if [ "$actual" = "$expected" ]; then
    ok install-files-and-modes
else
    fail install-files-and-modes "expected
$expected
got
$actual"
fi
# the installed files are the sources
set -- $sources
bad=""
while read -r path _; do
    cmp -s "$1" "$dest$prefix/$path" || bad="$bad $path"
    shift
done <<<"$installed"
if [ -z "$bad" ]; then
    ok install-contents
else
    fail install-contents "differ from the sources:$bad"
fi
bin=$dest$prefix/bin/datagen
version=$(build/datagen --version 2>&1)
installed_version=$("$bin" --version 2>&1)
if [ -n "$version" ] && [ "$installed_version" = "$version" ] &&
    "$bin" validate --template ecommerce >/dev/null 2>&1; then
    ok installed-binary-runs
else
    fail installed-binary-runs "--version said \"$installed_version\""
fi
# PREFIX defaults to /usr/local
if make --no-print-directory -s install DESTDIR="$tmp/default" \
    >"$tmp/make.log" 2>&1 &&
    [ -x "$tmp/default/usr/local/bin/datagen" ] &&
    [ -f "$tmp/default/usr/local/share/man/man1/datagen.1" ] &&
    [ -f "$tmp/default/usr/local/share/bash-completion/completions/datagen" ] &&
    [ -f "$tmp/default/usr/local/share/zsh/site-functions/_datagen" ]; then
    ok default-prefix
else
    fail default-prefix "not under /usr/local: $(cd "$tmp/default" 2>/dev/null && find . -type f | tr '\n' ' ')"
fi
# uninstall removes every file install wrote
cp -R "$dest" "$tmp/root2"
if make --no-print-directory -s uninstall DESTDIR="$tmp/root2" PREFIX="$prefix" \
    >"$tmp/make.log" 2>&1; then
    left=$(cd "$tmp/root2" && find . ! -type d)
    if [ -z "$left" ]; then
        ok uninstall
    else
        fail uninstall "left behind: $left"
    fi
else
    fail uninstall "$(tail -n 5 "$tmp/make.log")"
fi

# --- what the program says about itself ----------------------------------
export PATH="$dest$prefix/bin:$PATH"
commands=$(datagen --help | awk '/^Commands:/ { on = 1; next }
    on && /^$/ { exit } on { print $1 }')
# the options of a command: from the option lines of its --help ("  -s,
# --schema FILE ...", "      --seed N ...") and its usage line
# ("[--markdown | --json]"); -h and --help, which every command takes, too
options_of() {
    {
        echo -h
        echo --help
        options_of_help "$1"
    } | sort -u
}
options_of_help() {
    datagen "$1" --help | awk '
        /^usage:/ || /^       datagen/ {
            line = $0
            while (match(line, /\[--[a-z][a-z-]*/)) {
                print substr(line, RSTART + 1, RLENGTH - 1)
                line = substr(line, RSTART + RLENGTH)
            }
            while (match(line, /\| --[a-z][a-z-]*/)) {
                print substr(line, RSTART + 2, RLENGTH - 2)
                line = substr(line, RSTART + RLENGTH)
            }
        }
        /^  +-/ {
            for (i = 1; i <= 2; i++) {
                word = $i
                sub(/,$/, "", word)
                if (word ~ /^--?[A-Za-z][a-z-]*$/)
                    print word
            }
        }'
}
if [ "$(echo $commands | wc -w)" -ge 8 ]; then
    ok help-lists-commands
else
    fail help-lists-commands "datagen --help lists: $commands"
fi
global_options=$(datagen --help | awk '/^Options:/ { on = 1; next }
    on && /^$/ { exit } on { gsub(/,/, ""); print $1; print $2 }')
templates=$(datagen templates | awk 'NR > 1 { print $1 }')
formats=$(datagen generate --format no-such-format-at-all 2>&1 |
    sed -n 's/^hint: the formats are //p' | sed 's/,//g; s/ and / /')
locales=$(datagen validate --template ecommerce --locale xx_XX 2>&1 |
    sed -n '1s/.*(supported: \(.*\))$/\1/p')
if [ -n "$templates" ] && [ -n "$formats" ] && [ -n "$locales" ]; then
    ok self-description
else
    fail self-description "templates [$templates] formats [$formats] locales [$locales]"
fi

# --- the manual page ------------------------------------------------------
man_page=$dest$prefix/share/man/man1/datagen.1
if command -v man >/dev/null 2>&1; then
    out=$(MANWIDTH=80 man --warnings -l "$man_page" 2>&1 >/dev/null)
    if [ $? -eq 0 ] && [ -z "$out" ]; then
        ok man-renders
    else
        fail man-renders "$out"
    fi
    found=$(man -M "$dest$prefix/share/man" -w datagen 2>&1)
    if [ "$found" = "$man_page" ]; then
        ok man-finds-installed-page
    else
        fail man-finds-installed-page "man -w said: $found"
    fi
else
    skip man-renders "man is not installed (Debian: man-db)"
fi
if command -v groff >/dev/null 2>&1; then
    out=$(groff -man -ww -z "$man_page" 2>&1)
    if [ $? -eq 0 ] && [ -z "$out" ]; then
        ok groff-no-warnings
    else
        fail groff-no-warnings "$out"
    fi
else
    skip groff-no-warnings "groff is not installed (Debian: groff-base)"
fi
# the source with the escapes of option names undone
man_text=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' man/datagen.1)
# section NAME: the lines of one .SH section
man_section() {
    printf '%s\n' "$man_text" | awk -v name="$1" '
        /^\.SH / { on = ($0 == ".SH " name || $0 == ".SH \"" name "\"") }
        on'
}
th_version=$(printf '%s\n' "$man_text" | sed -n 's/^\.TH .*"\(datagen [^"]*\)".*/\1/p')
if [ "$th_version" = "$version" ]; then
    ok man-version
else
    fail man-version ".TH says \"$th_version\", datagen --version \"$version\""
fi
missing=""
for c in $commands; do
    man_section COMMANDS | grep -Eq "^\.BI? \"?$c( |\"|$)" ||
        missing="$missing $c"
done
[ -z "$missing" ] && ok man-commands || fail man-commands "not in COMMANDS:$missing"
missing=""
for c in $commands; do
    for o in $(options_of "$c") $global_options; do
        case $o in
        --*)
            printf '%s\n' "$man_text" | grep -Eq -- "$o([^a-z-]|$)" ||
                missing="$missing $c:$o"
            ;;
        esac
    done
done
[ -z "$missing" ] && ok man-long-options || fail man-long-options "not documented:$missing"
# each command's options as items (.TP tags) of OPTIONS: those of its own
# subsection ".SS COMMAND options", the schema and selection options for the
# commands that take --schema, the global ones; and no item of a command's
# subsection that the command does not take
man_items() {
    printf '%s\n' "$man_text" | awk -v name="$1" '
        /^\.S[HS] / { on = ($0 == ".SS " name) }
        on && /^\.TP/ { tag = 1; next }
        on && tag { print; tag = 0 }' | grep -oE -- '--?[A-Za-z][a-z-]*'
}
missing=""
extra=""
for c in $commands; do
    own=$(man_items "$c options")
    items="$own $(man_items "Global options")"
    options=$(options_of "$c")
    case " $(echo $options) " in
    *" --schema "*)
        items="$items $(man_items "Schema options") $(man_items "Selection options")"
        ;;
    esac
    for o in $options; do
        case " $(echo $items) " in
        *" $o "*) ;;
        *) missing="$missing $c:$o" ;;
        esac
    done
    for o in $own; do
        case " $(echo $options) " in
        *" $o "*) ;;
        *) extra="$extra $c:$o" ;;
        esac
    done
done
if [ -z "$missing$extra" ]; then
    ok man-options-per-command
else
    fail man-options-per-command "not under the command:$missing; not options of the command:$extra"
fi
# each short option next to its long one: ".BR -s \", \" --schema"
missing=""
for c in $commands $(echo); do
    pairs=$(datagen "$c" --help | sed -n 's/^  *\(-[A-Za-z]\), \(--[a-z-]*\).*/\1 \2/p')
    while read -r short long; do
        [ -n "$short" ] || continue
        printf '%s\n' "$man_text" | grep -Fq -- "$short \", \" $long" ||
            missing="$missing $c:$short,$long"
    done <<<"$pairs"
done
[ -z "$missing" ] && ok man-short-options || fail man-short-options "not documented:$missing"
missing=""
for t in $templates; do
    man_section TEMPLATES | grep -q "^\.B $t\$" || missing="$missing $t"
done
[ -z "$missing" ] && ok man-templates || fail man-templates "not in TEMPLATES:$missing"
missing=""
for f in $formats; do
    man_section "OUTPUT FORMATS" | grep -q "^\.B $f\$" || missing="$missing $f"
done
[ -z "$missing" ] && ok man-formats || fail man-formats "not in OUTPUT FORMATS:$missing"
missing=""
for l in $locales; do
    printf '%s\n' "$man_text" | grep -q "$l" || missing="$missing $l"
done
[ -z "$missing" ] && ok man-locales || fail man-locales "not documented:$missing"
for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "OUTPUT FORMATS" TEMPLATES \
    ENVIRONMENT "EXIT STATUS" EXAMPLES "SEE ALSO"; do
    [ -n "$(man_section "$s")" ] || missing="$missing [$s]"
done
man_section ENVIRONMENT | grep -q SOURCE_DATE_EPOCH || missing="$missing SOURCE_DATE_EPOCH"
for n in 0 1 2; do
    man_section "EXIT STATUS" | grep -q "^\.B $n\$" || missing="$missing exit-$n"
done
[ -z "$missing" ] && ok man-sections || fail man-sections "missing:$missing"

# --- bash completion ------------------------------------------------------
bash_file=$dest$prefix/share/bash-completion/completions/datagen
cat >"$tmp/two.json" <<'EOF'
{"version": "1.0",
 "tables": {
  "alpha": {"columns": [{"name": "id", "type": "integer"}],
            "primary_key": ["id"], "row_count": 3},
  "beta": {"columns": [{"name": "id", "type": "integer"},
                       {"name": "alpha_id", "type": "integer"}],
           "primary_key": ["id"],
           "foreign_keys": [{"columns": ["alpha_id"],
                             "referenced_table": "alpha"}],
           "row_count": 5}}}
EOF
if bash -n "$bash_file" 2>"$tmp/err"; then
    ok bash-syntax
else
    fail bash-syntax "$(cat "$tmp/err")"
fi
# bash_complete WORD...: what the completion function offers for the last
# word, one per line, as bash would after Tab
bash_complete() {
    bash --norc --noprofile -c '
        source "$1" || exit 1
        shift
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        COMPREPLY=()
        _datagen datagen "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' _ "$bash_file" "$@" 2>"$tmp/err"
}
# bash_options COMMAND: the options the completion lists for a command
bash_options() {
    bash --norc --noprofile -c 'source "$1" && _datagen_options "$2"' _ \
        "$bash_file" "$1" | tr ' ' '\n' | grep '^-'
}
same bash-commands "$commands $global_options" "$(bash_complete datagen '')"
same bash-formats "$formats" "$(bash_complete datagen generate --format '')"
same bash-format-equals "copy custom" "$(bash_complete datagen generate --format = c)"
same bash-templates "$templates" "$(bash_complete datagen generate --template '')"
same bash-templates-show "$templates" "$(bash_complete datagen templates show '')"
same bash-locales "$locales" "$(bash_complete datagen plan --locale '')"
same bash-table "alpha beta" \
    "$(bash_complete datagen preview --schema "$tmp/two.json" --table '')"
same bash-tables-list "alpha,alpha alpha,beta" \
    "$(bash_complete datagen generate -s "$tmp/two.json" --tables alpha,)"
same bash-rows "beta=" "$(bash_complete datagen init --schema "$tmp/two.json" --rows b)"
first_template=$(echo $templates | cut -d' ' -f1)
template_tables=$(datagen templates show "$first_template" |
    awk '/^tables/ { on = 1; next } on && $1 ~ /^[0-9]+$/ { print $2 }')
same bash-template-tables "$template_tables" \
    "$(bash_complete datagen plan --template "$first_template" --table '')"
same bash-schema-files "$tmp/two.json" "$(bash_complete datagen validate --schema "$tmp/t")"
# every command's options exactly, both ways
for c in $commands; do
    same "bash-options-$c" "$(options_of "$c")" "$(bash_options "$c")"
done
if [ -f /usr/share/bash-completion/bash_completion ]; then
    # bash-completion finds the installed file by the command's name
    out=$(XDG_DATA_DIRS=$dest$prefix/share bash --norc --noprofile -c '
        source /usr/share/bash-completion/bash_completion
        __load_completion datagen && complete -p datagen' 2>&1)
    if [ "$out" = "complete -F _datagen datagen" ]; then
        ok bash-completion-loads-installed-file
    else
        fail bash-completion-loads-installed-file "$out"
    fi
else
    skip bash-completion-loads-installed-file "bash-completion is not installed"
fi

# --- zsh completion -------------------------------------------------------
zsh_file=$dest$prefix/share/zsh/site-functions/_datagen
missing=""
for c in $commands; do
    grep -q "'$c:" "$zsh_file" || missing="$missing $c"
    for o in $(options_of "$c"); do
        grep -Eq -- "$o([^a-z-]|$)" "$zsh_file" || missing="$missing $c:$o"
    done
done
for word in $formats $locales; do
    grep -q "$word" "$zsh_file" || missing="$missing $word"
done
[ -z "$missing" ] && ok zsh-mentions-everything || fail zsh-mentions-everything "missing:$missing"
if command -v zsh >/dev/null 2>&1; then
    if zsh -n "$zsh_file" 2>"$tmp/err"; then
        ok zsh-syntax
    else
        fail zsh-syntax "$(cat "$tmp/err")"
    fi
    lines=("datagen " "datagen generate --format " "datagen generate --template "
        "datagen templates show " "datagen plan --locale "
        "datagen preview --schema $tmp/two.json --table "
        "datagen generate --schema $tmp/two.json --tables alpha,"
        "datagen init --schema $tmp/two.json --rows b"
        "datagen validate --schema $tmp/t")
    for c in $commands; do
        lines+=("datagen $c -")
    done
    if HOME=$tmp timeout 120 zsh -f "$here/zcomplete.zsh" \
        "$dest$prefix/share/zsh/site-functions" "${lines[@]}" \
        >"$tmp/zsh.out" 2>"$tmp/err"; then
        ok zsh-completion-runs
    else
        fail zsh-completion-runs "zsh did not answer: $(cat "$tmp/err")"
    fi
    # zsh_matches LINE: the words zsh offered at the end of LINE
    zsh_matches() {
        awk -v line="== $1" '/^== / { on = ($0 == line); next }
            on { sub(/^match /, ""); print }' "$tmp/zsh.out"
    }
    same zsh-commands "$commands" "$(zsh_matches "datagen ")"
    same zsh-formats "$formats" "$(zsh_matches "datagen generate --format ")"
    same zsh-templates "$templates" "$(zsh_matches "datagen generate --template ")"
    same zsh-templates-show "$templates" "$(zsh_matches "datagen templates show ")"
    same zsh-locales "$locales" "$(zsh_matches "datagen plan --locale ")"
    same zsh-table "alpha beta" \
        "$(zsh_matches "datagen preview --schema $tmp/two.json --table ")"
    same zsh-tables-list "alpha beta" \
        "$(zsh_matches "datagen generate --schema $tmp/two.json --tables alpha,")"
    same zsh-rows "beta" "$(zsh_matches "datagen init --schema $tmp/two.json --rows b")"
    same zsh-schema-files "two.json" "$(zsh_matches "datagen validate --schema $tmp/t")"
    for c in $commands; do
        same "zsh-options-$c" "$(options_of "$c")" "$(zsh_matches "datagen $c -")"
    done
else
    skip zsh "zsh is not installed (Debian: zsh); only the text checks ran"
fi

finish
