# The end-to-end suites' results (Tests/Desktop/run.sh, Tests/Watch/run.sh), sourced after $tmp
# is set: check NAME CMD... prints PASS when CMD succeeds; FAIL, with the files in $show, when it
# does not (and then returns non-zero). The suite ends with "$passed passed, $failed failed".
passed=0
failed=0
show=()  # files to print under a FAIL line, to see why

check() {
    local name=$1
    shift
    if "$@"; then
        echo "PASS $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        failed=$((failed + 1))
        local file
        for file in "${show[@]}"; do
            echo "    --- ${file#"$tmp"/}"
            if [ -s "$file" ]; then head -n 30 "$file" | sed 's/^/    | /'; else echo "    (empty)"; fi
        done
        return 1
    fi
}
