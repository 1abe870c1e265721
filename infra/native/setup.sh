#!/usr/bin/env bash
# Prepares GraalVM's Native Image builder without a GraalVM distribution (these machines have no GraalVM, Mandrel
# or Docker), for infra/native/bin/native-image. Adapted from ../shared/tools/native/build-native.sh:
#   * the builder is org.graalvm.nativeimage:svm $GRAAL_V and what it pulls, from Maven Central (through ./mvnw),
#     run on the Temurin 25 JDK (JVMCI);
#   * a copy of that JDK (the builder loads java.home/lib/svm/builder/lib/libreporterchelper.so);
#   * the C parts a distribution ships, replaced by stand-ins (infra/native/stand-ins/*.c, written from the
#     Java-side declarations): libjvm.a (JVM_* functions: those in jvm.c are real, every other one the JDK's JNI
#     libraries import aborts with a message), liblibchelper.a, libsvm_container.a, a few headers, and the static
#     JDK libraries as linker scripts pointing at the JDK's *shared* libraries. So the executable is NOT standalone:
#     it loads libjava/libnio/libnet/libzip/libextnet/libmanagement_ext.so from $NI_JDK and the stand-in libjvm.so
#     from $PAGOS_NATIVE_CACHE/runtime-lib at run time (rpath). A check and a measurement,
#     never a deployable artifact (deploys build with Mandrel in a container).
# Everything goes under $PAGOS_NATIVE_CACHE (default ~/.cache/pagos-native/$GRAAL_V), outside the work tree, so CI
# can cache it; it is redone when the JDK or a stand-in changes. Prints the cache directory.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
V=${GRAAL_V:-25.0.2}
NI_JDK=${NI_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
W=${PAGOS_NATIVE_CACHE:-$HOME/.cache/pagos-native/$V}
R=${M2_REPO:-$HOME/.m2/repository}/org/graalvm
[[ -x "$NI_JDK/bin/java" ]] || { echo "native-image (pagos): no JDK 25 at $NI_JDK (set NI_JDK)" >&2; exit 2; }
mkdir -p "$W"
exec 9>"$W/.lock"
flock 9  # one setup at a time (two Maven builds may start the launcher together)

# 1. the builder jars, from Maven Central, copied into the cache (the sources jar only to read C struct layouts)
JARS="nativeimage/pointsto nativeimage/svm nativeimage/objectfile nativeimage/native-image-base
  nativeimage/svm-capnproto-runtime nativeimage/svm-configure espresso/espresso-svm sdk/collections sdk/nativeimage
  sdk/word sdk/nativeimage-libgraal truffle/truffle-compiler compiler/compiler"
if [[ ! -f "$W/jars/.complete" ]]; then
  if [[ ! -f "$R/nativeimage/svm/$V/svm-$V-sources.jar" ]]; then
    (cd "$ROOT" && ./mvnw -q -B dependency:get -Dartifact=org.graalvm.nativeimage:svm:$V \
      && ./mvnw -q -B dependency:get -Dtransitive=false -Dartifact=org.graalvm.nativeimage:svm:$V:jar:sources) >&2
  fi
  rm -rf "$W/jars"; mkdir -p "$W/jars"
  for j in $JARS; do cp "$R/$j/$V/$(basename "$j")-$V.jar" "$W/jars/"; done
  cp "$R/nativeimage/svm/$V/svm-$V-sources.jar" "$W/jars/"
  touch "$W/jars/.complete"
fi

# 2. private copy of the JDK (hard links where the file system allows, else a copy)
JH=$W/jdk
if [[ ! -f "$JH/.complete" || "$(cat "$JH/.complete")" != "$NI_JDK $(cat "$NI_JDK/release" | md5sum)" ]]; then
  rm -rf "$JH"
  cp -al "$NI_JDK" "$JH" 2>/dev/null || { rm -rf "$JH"; cp -a "$NI_JDK" "$JH"; }
  echo "$NI_JDK $(cat "$NI_JDK/release" | md5sum)" > "$JH/.complete"
fi

# 3. the stand-ins, rebuilt when a source changes
STAMP=$( (cat "$HERE/setup.sh" "$HERE"/stand-ins/*; echo "$NI_JDK") | md5sum | cut -c1-16)
C=$W/clib
# The JDK libraries the image links (shared, through linker scripts); extnet (jdk.net socket options: Netty, Vert.x)
# and management_ext (com.sun.management) are reached by Quarkus apps.
JDK_LIBS="java nio net zip extnet management_ext"
if [[ ! -f "$C/.stamp" || "$(cat "$C/.stamp")" != "$STAMP" ]]; then
  rm -rf "$C" "$W/csrc" "$W/svmsrc"; mkdir -p "$C/include" "$W/csrc" "$W/svmsrc" "$JH/lib/svm/builder/lib"
  rm -f "$JH/lib/svm/builder/lib/libreporterchelper.so"
  gcc -O2 -shared -fPIC -I"$NI_JDK/include" -I"$NI_JDK/include/linux" \
    -o "$JH/lib/svm/builder/lib/libreporterchelper.so" "$HERE/stand-ins/reporterchelper.c"
  (cd "$W/svmsrc" && unzip -oq "$W/jars/svm-$V-sources.jar" 'com/oracle/svm/core/*LibCHelper.java')
  gen() { { echo "/* generated from $(basename "$1") */"; echo "typedef struct {";
    grep -oE "boolean f[A-Za-z0-9_]+\(\)" "$1" | sed -E 's/boolean (f[A-Za-z0-9_]+)\(\)/  char \1;/'; echo "} CPUFeatures;"; } > "$2"; }
  gen "$W/svmsrc/com/oracle/svm/core/amd64/AMD64LibCHelper.java" "$C/include/amd64cpufeatures.h"
  gen "$W/svmsrc/com/oracle/svm/core/aarch64/AArch64LibCHelper.java" "$C/include/aarch64cpufeatures.h"
  gen "$W/svmsrc/com/oracle/svm/core/riscv64/RISCV64LibCHelper.java" "$C/include/riscv64cpufeatures.h"
  cp "$HERE/stand-ins/svm_locale.h" "$C/include/"
  # libjvm.a: the JVM_* functions jvm.c implements, an aborting stub for every other one the JDK's libs import
  IMPL=" $(grep -oE '\bJVM_[A-Za-z0-9_]+\(' "$HERE/stand-ins/jvm.c" | tr -d '(' | sort -u | tr '\n' ' ') "
  { cat "$HERE/stand-ins/jvm.c"
    echo '#define STUB(n) void n(void) { fprintf(stderr, "native-image stand-in: %s is not supported\n", #n); abort(); }'
    for l in $JDK_LIBS; do nm -D --undefined-only "$NI_JDK/lib/lib$l.so" | awk '{print $2}'; done | grep '^JVM_' |
      sed 's/@.*//' | sort -u | while read -r s; do case "$IMPL" in *" $s "*) ;; *) echo "STUB($s)";; esac; done
    cat "$HERE/stand-ins/jvm_onload.c"; } > "$W/csrc/jvm.c"
  cp "$HERE/stand-ins/chelper.c" "$HERE/stand-ins/container.c" "$W/csrc/"
  CF="-O2 -fPIC -I$NI_JDK/include -I$NI_JDK/include/linux -I$C/include"
  for f in jvm chelper container; do gcc $CF -c "$W/csrc/$f.c" -o "$W/csrc/$f.o"; done
  # The same JVM_* functions as a shared libjvm.so, found through the executable's rpath before the JDK's: the JDK's
  # libraries need libjvm.so (DT_NEEDED) and call JVM_* there, and the executable exports none of its own symbols,
  # so without it they would call HotSpot's libjvm.so, which is never initialised (JVM_Halt crashed at exit).
  mkdir -p "$W/runtime-lib"
  { cat "$HERE/stand-ins/jvm.c"; sed -n '/^#define STUB/,$p' "$W/csrc/jvm.c" | sed '/^\/\* Static-build JNI_OnLoad/,$d'; } > "$W/csrc/libjvm_so.c"
  echo 'SUNWprivate_1.1 { global: JVM_*; jio_*; local: *; };' > "$W/csrc/libjvm.map"
  gcc $CF -shared -Wl,-soname,libjvm.so -Wl,--version-script,"$W/csrc/libjvm.map" -o "$W/runtime-lib/libjvm.so" \
    "$W/csrc/libjvm_so.c" -ldl -lpthread
  ar rcs "$C/libjvm.a" "$W/csrc/jvm.o"; ar rcs "$C/liblibchelper.a" "$W/csrc/chelper.o"
  ar rcs "$C/libsvm_container.a" "$W/csrc/container.o"
  for l in $JDK_LIBS; do echo "INPUT($NI_JDK/lib/lib$l.so)" > "$C/lib$l.a"; done

  # 4. the builder JVM's options (what the missing native-image driver would set), for bin/native-image
  P=$(for j in pointsto svm objectfile native-image-base svm-capnproto-runtime svm-configure espresso-svm collections \
      nativeimage word nativeimage-libgraal truffle-compiler; do printf '%s:' "$W/jars/$j-$V.jar"; done)
  G=jdk.graal.compiler,org.graalvm.nativeimage.builder,org.graalvm.nativeimage.base,org.graalvm.nativeimage.pointsto,org.graalvm.nativeimage.objectfile,org.graalvm.truffle.compiler,org.graalvm.nativeimage.configure,org.graalvm.espresso.shared.svm,org.graalvm.nativeimage.libgraal
  MODS=java.base,java.xml,java.sql,java.logging,java.management,jdk.management,jdk.jfr,jdk.unsupported,java.compiler,jdk.internal.vm.ci,jdk.graal.compiler,org.graalvm.nativeimage,org.graalvm.word,org.graalvm.collections,org.graalvm.truffle.compiler,java.desktop,java.naming,java.net.http,jdk.zipfs
  {
    for m in java.base jdk.internal.vm.ci java.management jdk.management jdk.jfr jdk.unsupported java.desktop; do
      for p in $("$JH/bin/java" --describe-module $m | awk '$1=="contains"||$1=="qualified"{print ($1=="qualified")?$3:$2}' | sort -u); do
        echo "--add-exports=$m/$p=$G"; done
    done
    printf '%s\n' -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI -XX:-UseJVMCICompiler \
      -Dtruffle.TrustAllTruffleRuntimeProviders=true -Dtruffle.TruffleRuntime=com.oracle.truffle.api.impl.DefaultTruffleRuntime \
      -Dgraalvm.ForcePolyglotInvalid=true -Dgraalvm.locatorDisabled=true -Dsubstratevm.HostLibC=glibc \
      -Xss10m -XX:+UseParallelGC -XX:GCTimeRatio=9 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
      -Dorg.graalvm.version=$V "\"-Dorg.graalvm.vendorversion=GraalVM CE $V+10.1\"" -Dcom.oracle.graalvm.isaot=true -Dorg.graalvm.nativeimage.imagecode=buildtime \
      -Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader -Xshare:off \
      -Djdk.internal.lambda.disableEagerInitialization=true -Djdk.internal.lambda.eagerlyInitialize=false \
      -Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false -Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1 \
      -Djava.lang.invoke.MethodHandle.PROFILE_GWT=false --add-modules=ALL-DEFAULT \
      --enable-native-access=org.graalvm.nativeimage.objectfile,org.graalvm.nativeimage.builder,org.graalvm.nativeimage.pointsto,org.graalvm.nativeimage.base \
      --upgrade-module-path "$W/jars/compiler-$V.jar" --module-path "${P%:}" \
      -Dorg.graalvm.nativeimage.module.addmods=$MODS --add-modules=$MODS
  } > "$W/builder-jvm.args"
  { printf '%s\n' "-H:CLibraryPath=$C" -H:MicroArchitecture=compatibility -H:NativeLinkerOption=-Wl,--disable-new-dtags \
      "-H:NativeLinkerOption=-Wl,-rpath,$W/runtime-lib:$NI_JDK/lib"; } > "$W/builder.args"
  echo "$STAMP" > "$C/.stamp"
fi
echo "$W"
