# bash completion for ocmsh(1): the command-line options of `ocmsh --help`,
# file names after -s/--state, -f/--file, -i/--certificate and -k/--key,
# folders after -R/--root and --spool, yes or no after --color.
# Installed as $(bashcompletiondir)/ocmsh; works without the
# bash-completion package too (source it from ~/.bashrc).

_ocmsh()
{
	local cur prev opts
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	if ((COMP_CWORD > 0)); then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
	fi
	# --opt=VALUE: bash splits at '=' (COMP_WORDBREAKS)
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	fi

	case $prev in
	-s | --state | -f | --file | -i | --certificate | -k | --key | \
	    --etcd-cacert | --etcd-cert | --etcd-key | --etcd-password-file)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0
		;;
	-R | --root | --spool)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return 0
		;;
	--color)
		mapfile -t COMPREPLY < <(compgen -W 'yes no' -- "$cur")
		return 0
		;;
	-c | --command | --etcd-user)
		return 0
		;;
	esac

	opts='-s --state -R --root -c --command -f --file -x --echo
	    -q --quit -m --disablemultiline -Q --noquitconfirmation -n --norc
	    -t --tty -z --controlflag --color --hide-events --disable-events
	    --example -u --noconnect -i --certificate -k --key --spool
	    -r --noredirect --etcd-cacert --etcd-cert --etcd-key --etcd-user
	    --etcd-password-file -h --help -V --version'
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
	fi
	return 0
}

complete -F _ocmsh ocmsh
