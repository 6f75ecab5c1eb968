#!/usr/bin/env bash
# Builds the engine's libraries for WebAssembly from Debian's *source* packages of the very versions the
# native build links (DCMTK, OpenSSL's libcrypto, jsoncpp, zlib), with Debian's emscripten, into a cache
# keyed by those versions and this recipe: /var/cache/ratatoskr/wasm-<key> (root), else
# <build>/wasm-deps/wasm-<key>; RATATOSKR_WASM_CACHE=<folder> chooses the parent. A cache that is complete
# is reused as is; delete it to rebuild. Prints the installed prefix (include/, lib/) on its last line.
# The recipe and each quirk's fix come from the verified experiment in shared/wasm-notes/REPORT.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${RATATOSKR_BUILD_DIR:-$root/build}"
jobs="${RATATOSKR_JOBS:-2}"

# --- versions: the native build's packages decide ----------------------------------------------------------
source_version() {   # binary package -> "source-package version"
  dpkg-query -W -f='${source:Package} ${source:Version}\n' "$1" 2>/dev/null ||
    { echo "build-wasm-deps: $1 is not installed (run Resources/Scripts/install-dependencies.sh)" >&2; exit 1; }
}
read -r dcmtk_pkg dcmtk_version < <(source_version libdcmtk-dev)
read -r openssl_pkg openssl_version < <(source_version libssl-dev)
read -r jsoncpp_pkg jsoncpp_version < <(source_version libjsoncpp-dev)
read -r zlib_pkg zlib_version < <(source_version zlib1g-dev)
emscripten_version="$(dpkg-query -W -f='${Version}' emscripten 2>/dev/null)" ||
  { echo "build-wasm-deps: emscripten is not installed (run Resources/Scripts/install-dependencies.sh)" >&2; exit 1; }

# Bump when a change below (or in Resources/Wasm/) changes what is built: the cache is then rebuilt.
recipe=1
key="dcmtk-${dcmtk_version}_openssl-${openssl_version}_jsoncpp-${jsoncpp_version}_zlib-${zlib_version}_emscripten-${emscripten_version}_recipe-${recipe}"
key="${key//[:~]/_}"
if [ -n "${RATATOSKR_WASM_CACHE:-}" ]; then
  parent="$RATATOSKR_WASM_CACHE"
elif mkdir -p /var/cache/ratatoskr 2>/dev/null && [ -w /var/cache/ratatoskr ]; then
  parent=/var/cache/ratatoskr
else
  parent="$build/wasm-deps"
fi
cache="$parent/wasm-$key"
prefix="$cache/prefix"
if [ -f "$prefix/.complete" ]; then
  echo "$prefix"
  exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9                    # one builder per cache (several worktrees may share /var/cache/ratatoskr)
if [ -f "$prefix/.complete" ]; then
  echo "$prefix"
  exit 0
fi
log="$cache/build.log"
echo "build-wasm-deps: building DCMTK $dcmtk_version, OpenSSL $openssl_version, jsoncpp $jsoncpp_version," \
     "zlib $zlib_version with emscripten $emscripten_version into $cache (log: $log; ~15 min the first time)" >&2
started=$SECONDS

# Quirk A: nodesource's node does not search /usr/share/nodejs, where emscripten's node-acorn lives.
# Quirk B: emscripten 3.1.6's glue calls fetch() on a file path when node >= 18 has a global fetch.
export NODE_PATH=/usr/share/nodejs NODE_OPTIONS=--no-experimental-fetch
# Quirk D: emcmake's default emulator passes a flag node 20 rejects; every try_run would fail.
emulator="-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node;--no-experimental-fetch"
# One exception model for everything that throws (C++ code): emscripten's JavaScript-based exceptions.
# Native wasm exceptions (-fwasm-exceptions) cannot be used: DCMTK's vrscan.cc calls setjmp in a function
# that also handles exceptions, which LLVM 14 refuses with them ("When using Wasm EH with Emscripten SjLj...").
eh=-fexceptions
step() { echo "build-wasm-deps: $* ($((SECONDS - started)) s)" >&2; }
run() { nice -n 10 "$@" >> "$log" 2>&1 || { tail -n 40 "$log" >&2; echo "build-wasm-deps: FAILED: $* (log: $log)" >&2; exit 1; }; }

# --- sources: apt-get source with a private deb-src list (the system's APT configuration is left alone) ------
apt_dir="$cache/apt"
apt_options=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$apt_dir/parts"
             -o "Dir::State::Lists=$apt_dir/lists" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=)
prepare_apt() {
  [ -d "$apt_dir/lists" ] && return 0
  mkdir -p "$apt_dir/parts" "$apt_dir/lists/partial"
  . /etc/os-release
  cat > "$apt_dir/parts/sources.sources" <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $VERSION_CODENAME $VERSION_CODENAME-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: $VERSION_CODENAME-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  run apt-get "${apt_options[@]}" update
}

# fetch_source PACKAGE VERSION DIR: only through apt-get source on the signed Sources index. apt checks the .dsc
# and the tarballs against the hashes of the InRelease-signed index; dpkg-source then checks the files against
# the .dsc's checksums (without --no-check, which would skip both its signature and its checksums; the
# uploader's signature it can only warn about, since the Debian keyring of uploaders is not installed).
fetch_source() {
  local package="$1" version="$2" dir="$3" work="$cache/src/download-$1"
  [ -f "$dir/.unpacked" ] && return 0
  rm -rf "$dir" "$work"; mkdir -p "$work"
  local listed
  listed="$(apt-cache "${apt_options[@]}" showsrc --only-source "$package" 2>> "$log" || true)"
  if ! grep -qxF "Version: $version" <<< "$listed"; then
    echo "build-wasm-deps: Debian's signed source index does not list $package $version, the version installed" \
         "here (a newer one replaced it). Bring the native libraries to their current version with" \
         "Resources/Scripts/install-dependencies.sh (as root), then run this again." >&2
    exit 1
  fi
  if ! (cd "$work" && apt-get "${apt_options[@]}" source --download-only --only-source "$package=$version" >> "$log" 2>&1); then
    tail -n 10 "$log" >&2
    echo "build-wasm-deps: apt-get source $package=$version failed: the signed index lists it, but the mirror did" \
         "not deliver its files (log: $log)" >&2
    exit 1
  fi
  local upstream="${version#*:}"
  run dpkg-source -x "$work/${package}_${upstream}.dsc" "$dir"    # applies Debian's patches
  echo "$package $version: apt-get source (signed index)" >> "$cache/SOURCES"
  touch "$dir/.unpacked"
  rm -rf "$work"
}

prepare_apt
step "fetching sources"
fetch_source "$zlib_pkg" "$zlib_version" "$cache/src/zlib"
fetch_source "$jsoncpp_pkg" "$jsoncpp_version" "$cache/src/jsoncpp"
fetch_source "$openssl_pkg" "$openssl_version" "$cache/src/openssl"
fetch_source "$dcmtk_pkg" "$dcmtk_version" "$cache/src/dcmtk"
mkdir -p "$prefix/include" "$prefix/lib"

# --- zlib: Debian's dfsg tarball lacks win32/zlib1.rc that its CMakeLists needs; ./configure in a copy --------
if [ ! -f "$prefix/lib/libz.a" ]; then
  step "zlib"
  rm -rf "$cache/build/zlib"; mkdir -p "$cache/build"; cp -r "$cache/src/zlib" "$cache/build/zlib"
  (cd "$cache/build/zlib" && run emconfigure ./configure --static --prefix="$prefix" && run emmake make -j"$jobs" libz.a &&
   cp zlib.h zconf.h "$prefix/include/" && cp libz.a "$prefix/lib/")
fi

# --- jsoncpp -----------------------------------------------------------------------------------------------
if [ ! -f "$prefix/lib/libjsoncpp.a" ]; then
  step "jsoncpp"
  run emcmake cmake -S "$cache/src/jsoncpp" -B "$cache/build/jsoncpp" "$emulator" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_STANDARD=17 "-DCMAKE_CXX_FLAGS=$eh" -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
    -DBUILD_SHARED_LIBS=OFF -DBUILD_STATIC_LIBS=ON -DBUILD_OBJECT_LIBS=OFF -DJSONCPP_WITH_TESTS=OFF \
    -DJSONCPP_WITH_POST_BUILD_UNITTEST=OFF -DJSONCPP_WITH_PKGCONFIG_SUPPORT=OFF -DJSONCPP_WITH_CMAKE_PACKAGE=OFF
  run make -C "$cache/build/jsoncpp" -j"$jobs" install
fi

# --- OpenSSL libcrypto: out of tree (an in-tree Configure, even --help, configures for linux-x86_64) ---------
if [ ! -f "$prefix/lib/libcrypto.a" ]; then
  step "OpenSSL libcrypto"
  rm -rf "$cache/build/openssl"; mkdir -p "$cache/build/openssl"
  (cd "$cache/build/openssl" &&
   run emconfigure "$cache/src/openssl/Configure" linux-generic32 no-asm no-threads no-shared no-dso no-engine \
     no-afalgeng no-async no-sock no-secure-memory no-ui-console no-tests no-fips no-legacy no-module -O2 &&
   # emconfigure makes Configure write CROSS_COMPILE=em and CC=$(CROSS_COMPILE)emcc ("ememcc"): cleared here.
   run make CROSS_COMPILE= -j"$jobs" build_generated && run make CROSS_COMPILE= -j"$jobs" libcrypto.a &&
   cp -r "$cache/src/openssl/include/openssl" "$prefix/include/" && cp include/openssl/*.h "$prefix/include/openssl/" &&
   cp libcrypto.a "$prefix/lib/")
fi

# --- DCMTK: Debian's configuration (debian/rules) where it matters to the bytes written, plus the builtin
# dictionary (no file to load), no threads (no SharedArrayBuffer needed), zlib for deflated files ------------
if [ ! -f "$prefix/lib/libdcmdata.a" ]; then
  step "DCMTK (configure ~6 min: every check is an emcc link)"
  dcmtk_build="$cache/build/dcmtk"
  rm -rf "$dcmtk_build"; mkdir -p "$dcmtk_build/config/include/dcmtk/config"
  # Its arith test cannot run in wasm (traps on division by zero): a seeded arith.h, newer than arith.cc.
  cp "$root/Resources/Wasm/dcmtk-arith-wasm32.h" "$dcmtk_build/config/include/dcmtk/config/arith.h"
  # -DENABLE_DCMJPLS_INTERLEAVE_NONE and -O2 without NDEBUG as Debian builds it (CMAKE_BUILD_TYPE=None).
  run emcmake cmake -S "$cache/src/dcmtk" -B "$dcmtk_build" "$emulator" -DCMAKE_BUILD_TYPE=None \
    "-DCMAKE_C_FLAGS=-O2" "-DCMAKE_CXX_FLAGS=-O2 $eh -DENABLE_DCMJPLS_INTERLEAVE_NONE" -DCMAKE_CXX_STANDARD=17 \
    "-DCMAKE_EXE_LINKER_FLAGS=-sNODERAWFS=1 -sSINGLE_FILE=1 $eh" -DHAVE_FENV_H=0 \
    -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib -DCMAKE_INSTALL_DATADIC=share/dcmtk \
    "-DDCMTK_MODULES=ofstd;oflog;dcmdata;dcmimgle;dcmimage;dcmjpeg;dcmjpls" \
    -DBUILD_APPS=OFF -DBUILD_SHARED_LIBS=OFF -DDCMTK_WITH_THREADS=OFF \
    -DDCMTK_DEFAULT_DICT=builtin -DDCMTK_USE_DCMDICTPATH=OFF -DDCMTK_ENABLE_PRIVATE_TAGS=ON -DDCMTK_ENABLE_STL=ON \
    -DDCMTK_WITH_ZLIB=ON -DZLIB_INCLUDE_DIR="$prefix/include" -DZLIB_LIBRARY="$prefix/lib/libz.a" \
    -DDCMTK_WITH_TIFF=OFF -DDCMTK_WITH_PNG=OFF -DDCMTK_WITH_XML=OFF -DDCMTK_WITH_OPENSSL=OFF \
    -DDCMTK_WITH_SNDFILE=OFF -DDCMTK_WITH_ICONV=OFF -DDCMTK_WITH_ICU=OFF -DDCMTK_WITH_WRAP=OFF \
    -DDCMTK_WITH_OPENJPEG=OFF -DDCMTK_WITH_DOXYGEN=OFF -DDCMTK_ENABLE_MANPAGES=OFF
  step "DCMTK (build)"
  run make -C "$dcmtk_build" -j"$jobs" install
fi

cp "$cache/SOURCES" "$prefix/SOURCES"
touch "$prefix/.complete"
step "done: $prefix"
rm -rf "$cache/build" "$cache/src" "$apt_dir"    # prefix/SOURCES says what was built from
echo "$prefix"
