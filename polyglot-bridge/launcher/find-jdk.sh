# shellcheck shell=bash
# Finds a JDK 21 or newer for refgc, without starting a JVM (it reads each JDK's `release` file).
# Sourced by ./refgc and ./run-tests. Defines:
#   refgc_find_jdk   sets REFGC_JAVA_HOME and REFGC_JAVA_MAJOR, or prints what to install and
#                    returns 1.
# Order: $JAVA_HOME if it is a JDK 21+, else the newest JDK 21+ under /usr/lib/jvm (and the other
# usual places; REFGC_JDK_SEARCH replaces that list of glob patterns, for tests), else none.

REFGC_MIN_JAVA=21

# refgc_jdk_major DIR: sets REPLY to the feature version of the JDK in DIR ("25" for 25.0.1,
# "8" for 1.8.0); returns 1 if DIR is not a JDK (no release file, java or javac).
refgc_jdk_major() {
    local dir=$1 line
    [[ -r $dir/release && -x $dir/bin/java && -x $dir/bin/javac ]] || return 1
    while IFS= read -r line || [[ -n $line ]]; do
        if [[ $line =~ ^JAVA_VERSION=\"1\.([0-9]+) ]] || [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
            REPLY=${BASH_REMATCH[1]}
            return 0
        fi
    done < "$dir/release"
    return 1
}

refgc_find_jdk() {
    REFGC_JAVA_HOME=
    REFGC_JAVA_MAJOR=0
    if [[ -n ${JAVA_HOME:-} ]] && refgc_jdk_major "$JAVA_HOME" && (( REPLY >= REFGC_MIN_JAVA )); then
        REFGC_JAVA_HOME=${JAVA_HOME%/}
        REFGC_JAVA_MAJOR=$REPLY
        return 0
    fi
    local dir search=${REFGC_JDK_SEARCH:-"/usr/lib/jvm/*/ /usr/java/*/ /opt/java/*/ /opt/jdk*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/"}
    # shellcheck disable=SC2086  # the patterns are meant to be split and expanded
    for dir in $search; do
        dir=${dir%/}
        if refgc_jdk_major "$dir" && (( REPLY >= REFGC_MIN_JAVA && REPLY > REFGC_JAVA_MAJOR )); then
            REFGC_JAVA_HOME=$dir
            REFGC_JAVA_MAJOR=$REPLY
        fi
    done
    if [[ -n $REFGC_JAVA_HOME ]]; then
        return 0
    fi
    {
        echo "refgc: no JDK ${REFGC_MIN_JAVA} or newer found (GraalPy 25 needs one)."
        if [[ -n ${JAVA_HOME:-} ]]; then
            echo "refgc: JAVA_HOME=$JAVA_HOME is not a JDK ${REFGC_MIN_JAVA}+."
        fi
        echo "refgc: looked in JAVA_HOME and /usr/lib/jvm. Install a JDK ${REFGC_MIN_JAVA}+ (25 recommended), e.g."
        echo "refgc:   apt-get install openjdk-21-jdk      (Debian/Ubuntu)"
        echo "refgc:   or Temurin 25 from https://adoptium.net"
        echo "refgc: and/or set JAVA_HOME to it."
    } >&2
    return 1
}
