# shellcheck shell=bash
# Builds what ./refgc needs and keeps it up to date. Sourced by ./refgc and ./run-tests after
# find-jdk.sh. Defines:
#   refgc_ensure_built ROOT   builds core + polyglot-bridge when a source is newer than the stamp
#                             (not when REFGC_NO_BUILD is set and a build output exists), then sets
#                             REFGC_CLASSPATH and REFGC_JIT_FLAGS (empty when the JIT cannot be
#                             enabled; a one-line warning says why).
# The fast path (nothing changed) runs one `find` and reads three small files: no Maven, no JVM.
#
# Files under polyglot-bridge/target/:
#   refgc.classpath        runtime class path (written by the Maven build, see polyglot-bridge/pom.xml)
#   refgc-jit.modulepath   Graal compiler jars for --upgrade-module-path (same)
#   refgc-jit.status       "ok", or why the JIT cannot be enabled (probed once per build)
#   refgc.stamp            mtime = start of the last successful build
#   refgc-build.log        Maven output of the last build

# refgc_is_stale ROOT: true when the build output is missing or a source is newer than the stamp.
refgc_is_stale() {
    local root=$1 target=$1/polyglot-bridge/target
    [[ -f $target/refgc.stamp && -f $target/refgc.classpath && -f $target/refgc-jit.modulepath \
       && -f $target/refgc-jit.status ]] || return 0
    local newer
    newer=$(find "$root/core/src/main" "$root/polyglot-bridge/src/main" "$root/pom.xml" \
                 "$root/core/pom.xml" "$root/polyglot-bridge/pom.xml" \
                 -newer "$target/refgc.stamp" -print -quit 2>/dev/null)
    [[ -n $newer ]]
}

# refgc_mvn ROOT ARGS...: Maven offline first; online if offline resolution fails (fresh machine).
# Output goes to polyglot-bridge/target/refgc-build.log.
refgc_mvn() {
    local root=$1 log=$1/polyglot-bridge/target/refgc-build.log
    shift
    if ! command -v mvn >/dev/null 2>&1; then
        echo "refgc: Maven 3.8+ (mvn) is needed to build refgc; install it (e.g. apt-get install maven)." >&2
        return 1
    fi
    if JAVA_HOME=$REFGC_JAVA_HOME mvn -B -o -q -f "$root/pom.xml" "$@" >"$log" 2>&1; then
        return 0
    fi
    JAVA_HOME=$REFGC_JAVA_HOME mvn -B -q -f "$root/pom.xml" "$@" >>"$log" 2>&1
}

# refgc_probe_jit ROOT: writes refgc-jit.status: can this JVM take the Graal compiler as an
# upgraded module with JVMCI enabled?
refgc_probe_jit() {
    local target=$1/polyglot-bridge/target mp out
    mp=$(<"$target/refgc-jit.modulepath")
    local -a jars
    IFS=: read -r -a jars <<<"$mp"
    if (( ${#jars[@]} < 4 )); then
        echo "Graal compiler jars not found (expected 4 in $target/refgc-jit.modulepath)" >"$target/refgc-jit.status"
        return
    fi
    if out=$("$REFGC_JAVA_HOME/bin/java" -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI \
                --upgrade-module-path="$mp" --list-modules 2>&1) \
            && [[ $out == *"jdk.graal.compiler file:"* ]]; then
        echo ok >"$target/refgc-jit.status"
    else
        out=${out%%$'\n'*}
        echo "the JVM at $REFGC_JAVA_HOME refused the Graal compiler: ${out:-no jdk.graal.compiler module}" \
            >"$target/refgc-jit.status"
    fi
}

# refgc_build ROOT: the slow path, under a lock so that concurrent first runs build once.
refgc_build() {
    local root=$1 target=$1/polyglot-bridge/target
    mkdir -p "$target"
    (
        flock 9 2>/dev/null || true
        refgc_is_stale "$root" || exit 0
        if [[ -f $target/refgc.stamp ]]; then
            echo "refgc: sources changed, rebuilding…" >&2
        else
            echo "refgc: first run, building (about a minute)…" >&2
        fi
        touch "$target/refgc.stamp.new"
        if ! refgc_mvn "$root" -pl polyglot-bridge -am package -DskipTests; then
            echo "refgc: build failed; the end of $target/refgc-build.log:" >&2
            tail -n 30 "$target/refgc-build.log" >&2
            exit 1
        fi
        refgc_probe_jit "$root"
        mv -f "$target/refgc.stamp.new" "$target/refgc.stamp"
    ) 9>"$target/.refgc-build.lock"
}

refgc_ensure_built() {
    local root=$1 target=$1/polyglot-bridge/target
    if [[ -n ${REFGC_NO_BUILD:-} && -f $target/refgc.classpath && -f $target/refgc-jit.modulepath ]]; then
        # Set by the JUnit tests: the surrounding Maven build has just built everything.
        [[ -f $target/refgc-jit.status ]] || refgc_probe_jit "$root"
    elif refgc_is_stale "$root"; then
        refgc_build "$root" || return 1
    fi
    # read, not $(<file): no subshell on the fast path.
    IFS= read -r -d '' REFGC_CLASSPATH <"$target/refgc.classpath" || true
    REFGC_CLASSPATH=${REFGC_CLASSPATH%$'\n'}
    REFGC_JIT_FLAGS=()
    local status
    IFS= read -r status <"$target/refgc-jit.status"
    if [[ -n ${REFGC_NO_JIT:-} ]]; then
        return 0
    fi
    if [[ $status == ok ]]; then
        local modulepath
        IFS= read -r -d '' modulepath <"$target/refgc-jit.modulepath" || true
        REFGC_JIT_FLAGS=(-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI
                         "--upgrade-module-path=${modulepath%$'\n'}")
    else
        echo "refgc: warning: Truffle JIT not enabled ($status); running interpreted, 10-50x slower." >&2
    fi
}
