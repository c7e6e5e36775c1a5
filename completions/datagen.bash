# bash completion for datagen                              -*- shell-script -*-
#
# Installed as share/bash-completion/completions/datagen, where
# bash-completion loads it the first time datagen is completed; or source
# it from ~/.bashrc. Template names and table names are asked of the
# datagen being completed, so they follow the binary. Every command and long
# option of "datagen COMMAND --help" must appear here (tests/install/run.sh
# checks).

_datagen_commands="generate validate preview plan templates init generators json-schema"
_datagen_formats="copy sql custom directory"
_datagen_locales="en_US en_GB de_DE fr_FR es_ES pt_BR ja_JP"
_datagen_schema_options="-s --schema -t --template --tables --rows --scale --locale -h --help"

# The options of one command.
_datagen_options()
{
    case $1 in
    generate)
        echo "$_datagen_schema_options -f --format -Z --compress -o --output" \
            "--seed -j --jobs --progress -q --quiet"
        ;;
    validate) echo "$_datagen_schema_options" ;;
    preview) echo "$_datagen_schema_options --table -n --limit --width --seed" ;;
    plan) echo "$_datagen_schema_options --seed" ;;
    init) echo "$_datagen_schema_options -o --output --force" ;;
    generators) echo "--markdown --json -h --help" ;;
    templates) echo "show -h --help" ;;
    json-schema) echo "-h --help" ;;
    esac
}

# Runs the datagen being completed (the first word of the line), quietly.
_datagen_run()
{
    local program=${COMP_WORDS[0]}
    [[ $program == "~/"* ]] && program=$HOME/${program#"~/"}
    command -v -- "$program" >/dev/null 2>&1 || program=datagen
    "$program" "$@" 2>/dev/null </dev/null
}

# The built-in template names: the first column of "datagen templates"
# after its heading.
_datagen_templates()
{
    local name rest heading=1 IFS=$' \t\n'
    while read -r name rest; do
        if ((heading)); then
            heading=0
            continue
        fi
        [[ -n $name ]] && printf '%s\n' "$name"
    done < <(_datagen_run templates)
}

# The table names of the schema file or template given on the line (the
# default template when neither is), from the table list of "datagen plan":
# its lines "N  TABLE  ROWS ...".
_datagen_tables()
{
    local i word value source=()
    for ((i = 2; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        value=${COMP_WORDS[i + 1]}
        # --schema=FILE arrives as three words when "=" breaks words
        [[ $value == "=" ]] && value=${COMP_WORDS[i + 2]}
        case $word in
        -s | --schema | --schema=*)
            [[ $word == --schema=?* ]] && value=${word#*=}
            [[ $value == "~/"* ]] && value=$HOME/${value#"~/"}
            source=(--schema "$value")
            ;;
        -s?*)
            source=(--schema "${word#-s}")
            ;;
        -t | --template | --template=*)
            [[ $word == --template=?* ]] && value=${word#*=}
            source=(--template "$value")
            ;;
        -t?*)
            source=(--template "${word#-t}")
            ;;
        esac
    done
    local number table rest IFS=$' \t\n'
    while read -r number table rest; do
        [[ $number =~ ^[0-9]+$ && -n $table ]] && printf '%s\n' "$table"
    done < <(_datagen_run plan "${source[@]}")
}

# Completes file names; only JSON files and directories when $1 is "json".
_datagen_files()
{
    compopt -o filenames 2>/dev/null
    if declare -F _filedir >/dev/null; then
        if [[ $1 == json ]]; then
            _filedir '@(json|JSON)'
        else
            _filedir
        fi
        return
    fi
    local IFS=$'\n'
    if [[ $1 == json ]]; then
        COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X '!*.[jJ][sS][oO][nN]' -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}

# Completes the value of option $1 for the word $cur; returns 1 when $1
# takes no value (so the caller completes options).
_datagen_value()
{
    local option=$1 IFS=$'\n' tables
    case $option in
    -s | --schema)
        _datagen_files json
        ;;
    -o | --output)
        _datagen_files
        ;;
    -t | --template)
        COMPREPLY=($(compgen -W "$(_datagen_templates)" -- "$cur"))
        ;;
    -f | --format)
        IFS=$' \t\n'
        COMPREPLY=($(compgen -W "$_datagen_formats" -- "$cur"))
        ;;
    -Z | --compress)
        COMPREPLY=($(compgen -W "$(printf '%s\n' 0 1 2 3 4 5 6 7 8 9)" -- "$cur"))
        ;;
    --locale)
        IFS=$' \t\n'
        COMPREPLY=($(compgen -W "$_datagen_locales" -- "$cur"))
        ;;
    --table)
        COMPREPLY=($(compgen -W "$(_datagen_tables)" -- "$cur"))
        ;;
    --tables)
        # a comma-separated list: complete its last name
        local head=""
        [[ $cur == *,* ]] && head=${cur%,*},
        tables=$(_datagen_tables)
        COMPREPLY=($(compgen -P "$head" -W "$tables" -- "${cur##*,}"))
        ;;
    --rows)
        # TABLE=N: complete the table and its "="
        tables=$(_datagen_tables)
        COMPREPLY=($(compgen -S = -W "$tables" -- "$cur"))
        compopt -o nospace 2>/dev/null
        ;;
    --scale | --seed | -j | --jobs | -n | --limit | --width)
        COMPREPLY=()
        ;;
    *)
        return 1
        ;;
    esac
    return 0
}

_datagen()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    if ((COMP_CWORD == 1)); then
        COMPREPLY=($(compgen -W "$_datagen_commands -h --help -V --version" -- "$cur"))
        return 0
    fi
    local command=${COMP_WORDS[1]}

    case $command in
    templates)
        if ((COMP_CWORD == 2)); then
            COMPREPLY=($(compgen -W "$(_datagen_options templates)" -- "$cur"))
        elif ((COMP_CWORD == 3)) && [[ $prev == show ]]; then
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$(_datagen_templates)" -- "$cur"))
        fi
        return 0
        ;;
    generators | json-schema)
        ((COMP_CWORD == 2)) &&
            COMPREPLY=($(compgen -W "$(_datagen_options "$command")" -- "$cur"))
        return 0
        ;;
    generate | validate | preview | plan | init) ;;
    *) return 0 ;;
    esac

    # --option=VALUE: with "=" in COMP_WORDBREAKS (the default) it arrives
    # as "--option" "=" "VALUE", otherwise as one word
    if [[ $cur == "=" ]]; then
        cur=""
        _datagen_value "$prev" && return 0
    elif [[ $prev == "=" ]] && ((COMP_CWORD > 2)); then
        _datagen_value "${COMP_WORDS[COMP_CWORD - 2]}" && return 0
    elif [[ $cur == --*=* ]]; then
        local option=${cur%%=*}
        cur=${cur#*=}
        if _datagen_value "$option"; then
            local i
            for i in "${!COMPREPLY[@]}"; do
                COMPREPLY[i]=$option=${COMPREPLY[i]}
            done
            return 0
        fi
        return 0
    elif _datagen_value "$prev"; then
        return 0
    fi
    # options, whether or not a dash is typed: these commands take no
    # other arguments
    COMPREPLY=($(compgen -W "$(_datagen_options "$command")" -- "$cur"))
    return 0
}

complete -F _datagen datagen
