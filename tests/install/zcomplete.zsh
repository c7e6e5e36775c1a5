# Drives zsh's completion in a pseudo-terminal, as a user pressing Tab.
# usage: zsh tests/install/zcomplete.zsh FUNCTION_DIR LINE...
# Starts "zsh -f -i" with FUNCTION_DIR first in $fpath and compinit run,
# types each LINE followed by Tab, and prints "== LINE" and then one
# "match WORD" line per word the completion system offers there (sorted),
# taken from a compadd wrapper, so the terminal's listing layout does not
# matter. Exits 1 when zsh does not respond.
zmodload zsh/zpty || exit 1
dir=$1
shift
zpty complete 'zsh -f -i' || exit 1
# The prompt's text differs from what is typed to set it, so waiting for
# it waits for zsh to be ready for the next line (typing ahead of the
# line editor loses keys).
zpty -w complete "bindkey -e; unsetopt beep; PS1='Z%(?.Q.Q)Z> '; fpath=(${(q)dir} \$fpath)"
zpty -w complete 'autoload -Uz compinit; compinit -u -D'
# Words the completion functions add (-O, -A and -D only compute lists)
zpty -w complete 'compadd() {
  if [[ -n ${(M)@:#-[OAD]} ]]; then builtin compadd "$@"; return; fi
  local -a words_added
  builtin compadd -O words_added "$@"
  (( $#words_added )) && print -rl -- "" "match "${^words_added}
  builtin compadd "$@"
}'
zpty -w complete 'print -r -- READY$((6 * 7))'
zpty -r -m complete out '*READY42*' || exit 1
zpty -r -m complete out '*ZQZ> *' || exit 1
for line in "$@"; do
  # the line, Tab, then erase it and print a marker after the matches
  zpty -w -n complete "$line"$'\t'$'\C-u'
  zpty -w complete 'print -r -- END$((6 * 7))'
  zpty -r -m complete out '*END42*' || exit 1
  print -r -- "== $line"
  print -r -- "$out" | tr -d '\r' | grep '^match ' | sort -u
  zpty -r -m complete out '*ZQZ> *' || exit 1
done
zpty -d complete
