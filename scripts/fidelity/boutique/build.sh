#!/usr/bin/env bash
# Builds the REAL Online Boutique services from a microservices-demo checkout into
# ~/.cache/resilience-suite/fidelity/ob-build/<commit>/ (each service once per commit; OB_REBUILD=1 forces).
#
#   Go      frontend productcatalogservice checkoutservice shippingservice   go build (Go module proxy)
#   Node    currencyservice paymentservice                                   npm ci in a copy of the service dir
#   Python  emailservice recommendationservice                               one venv each, requirements.txt from PyPI
#   Java    adservice                                                        a pom.xml generated here (the Gradle
#                                                                            wrapper cannot download Gradle);
#                                                                            OB_SKIP_ADSERVICE=1 skips it
#   cartservice is C#/.NET and is NOT built: cartservice.mjs (our stand-in) gets @grpc/grpc-js + proto-loader here.
#
# Not part of `npm test`. Usage: bash scripts/fidelity/boutique/build.sh [service…]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ob_resolve_src
mkdir -p "$OB_BUILD/bin"
TIMES="$OB_BUILD/build-times.txt"

ALL=(frontend productcatalogservice checkoutservice shippingservice currencyservice paymentservice
  emailservice recommendationservice cartservice-standin adservice)
WANT=("$@")
[[ ${#WANT[@]} -gt 0 ]] || WANT=("${ALL[@]}")

done_marker() { echo "$OB_BUILD/.done-$1"; }
step() { # step <name> <function>
  local name="$1" fn="$2" t0 t1
  if [[ -f "$(done_marker "$name")" && "${OB_REBUILD:-0}" != 1 ]]; then
    return 0
  fi
  ob_log "building $name …"
  t0=$(date +%s)
  if ! "$fn" "$name" >"$OB_BUILD/build-$name.log" 2>&1; then
    tail -n 30 "$OB_BUILD/build-$name.log" >&2
    ob_die "building $name failed (log: $OB_BUILD/build-$name.log)"
  fi
  t1=$(date +%s)
  echo "$name $((t1 - t0))s $(date -u +%FT%TZ)" >>"$TIMES"
  touch "$(done_marker "$name")"
  ob_log "built $name in $((t1 - t0))s"
}

build_go() {
  local svc="$1"
  cd "$OB_SRC/src/$svc"
  # -buildvcs=false: the extracted checkout is not a git work tree. -mod=mod only if the plain build
  # complains about go.sum/go.mod (it does not at the verified commit).
  if ! GOFLAGS="-buildvcs=false" go build -trimpath -o "$OB_BUILD/bin/$svc.tmp" .; then
    GOFLAGS="-buildvcs=false -mod=mod" go build -trimpath -o "$OB_BUILD/bin/$svc.tmp" .
  fi
  mv "$OB_BUILD/bin/$svc.tmp" "$OB_BUILD/bin/$svc"
}

build_node() {
  local svc="$1" dst="$OB_BUILD/node/$1"
  rm -rf "$dst" && mkdir -p "$dst"
  # a copy, so that node_modules never lands in the checkout
  (cd "$OB_SRC/src/$svc" && tar --exclude=node_modules -cf - .) | tar -xf - -C "$dst"
  cd "$dst"
  if [[ -f package-lock.json ]]; then
    npm ci --omit=dev --no-audit --no-fund || npm install --omit=dev --no-audit --no-fund
  else
    npm install --omit=dev --no-audit --no-fund
  fi
}

build_python() {
  local svc="$1" venv="$OB_BUILD/py/$1"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --no-input -q --upgrade pip >/dev/null 2>&1 || true
  if ! "$venv/bin/pip" install --no-input -r "$OB_SRC/src/$svc/requirements.txt"; then
    # relaxed copy outside the checkout: == becomes >= (reported by start.sh through the marker below)
    local relaxed="$OB_BUILD/py/$svc-requirements.relaxed.txt"
    sed -E 's/==/>=/' "$OB_SRC/src/$svc/requirements.txt" >"$relaxed"
    echo "pinned requirements failed; installing relaxed $relaxed"
    "$venv/bin/pip" install --no-input -r "$relaxed"
    touch "$OB_BUILD/py/$svc.RELAXED"
  fi
}

build_cart() {
  local dst="$OB_BUILD/cart"
  rm -rf "$dst" && mkdir -p "$dst"
  cd "$dst"
  # same grpc-js / proto-loader versions as the real Node services of the checkout
  local gv pv
  gv="$(node -p "require('$OB_SRC/src/paymentservice/package.json').dependencies['@grpc/grpc-js']" 2>/dev/null || echo latest)"
  pv="$(node -p "require('$OB_SRC/src/paymentservice/package.json').dependencies['@grpc/proto-loader']" 2>/dev/null || echo latest)"
  echo '{"name":"ob-cart-standin-deps","private":true}' >package.json
  npm install --no-audit --no-fund --save-exact "@grpc/grpc-js@$gv" "@grpc/proto-loader@$pv"
}

build_adservice() {
  command -v mvn >/dev/null || { echo "mvn not found"; return 1; }
  command -v java >/dev/null || { echo "java not found"; return 1; }
  local dst="$OB_BUILD/adservice" gradle="$OB_SRC/src/adservice/build.gradle" grpcv protov arch javarel
  mkdir -p "$dst"
  grpcv="$(sed -nE 's/^def grpcVersion = "([^"]+)".*/\1/p' "$gradle")"
  protov="$(sed -nE 's/^def protocVersion = "([^"]+)".*/\1/p' "$gradle")"
  [[ -n "$grpcv" && -n "$protov" ]] || { echo "cannot read grpc/protoc versions from $gradle"; return 1; }
  case "$(uname -m)" in x86_64) arch=linux-x86_64 ;; aarch64) arch=linux-aarch_64 ;; *) echo "unsupported arch"; return 1 ;; esac
  # build.gradle targets Java 21; compile for the JDK we have (17 here) — the sources use nothing newer
  javarel="$(java -XshowSettings:properties -version 2>&1 | sed -nE 's/^ *java.specification.version = ([0-9]+).*/\1/p')"
  local deps="" d
  # the dependency list of build.gradle (group:artifact:version), versions resolved from its defs
  while read -r d; do
    d="${d//\$\{grpcVersion\}/$grpcv}"
    d="${d//\$\{protocVersion\}/$protov}"
    d="${d//\$\{jacksonCoreVersion\}/$(sed -nE 's/^def jacksonCoreVersion = "([^"]+)".*/\1/p' "$gradle")}"
    d="${d//\$\{jacksonDatabindVersion\}/$(sed -nE 's/^def jacksonDatabindVersion = "([^"]+)".*/\1/p' "$gradle")}"
    IFS=: read -r g a v <<<"$d"
    # grpc-census is no longer published with new grpc releases (Maven Central stops at 1.81.0) and the
    # adservice sources do not use it: left out
    [[ "$a" == grpc-census ]] && { echo "adservice: leaving out $d (unused by the sources)"; continue; }
    deps+="    <dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version></dependency>"$'\n'
  done < <(sed -n '/^dependencies {/,/^}/p' "$gradle" | grep -oE '"[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[^"]+"' | tr -d '"' | sort -u)
  echo "adservice: grpc $grpcv, protobuf $protov, release $javarel"
  cat >"$dst/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by resilience-suite scripts/fidelity/boutique/build.sh; sources stay in the checkout -->
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>fidelity</groupId>
  <artifactId>adservice</artifactId>
  <version>0.1.0</version>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>$javarel</maven.compiler.release>
  </properties>
  <dependencies>
$deps  </dependencies>
  <build>
    <sourceDirectory>$OB_SRC/src/adservice/src/main/java</sourceDirectory>
    <resources><resource><directory>$OB_SRC/src/adservice/src/main/resources</directory></resource></resources>
    <plugins>
      <plugin>
        <groupId>org.xolstice.maven.plugins</groupId>
        <artifactId>protobuf-maven-plugin</artifactId>
        <version>0.6.1</version>
        <configuration>
          <protoSourceRoot>$OB_SRC/src/adservice/src/main/proto</protoSourceRoot>
          <protocArtifact>com.google.protobuf:protoc:$protov:exe:$arch</protocArtifact>
          <pluginId>grpc-java</pluginId>
          <pluginArtifact>io.grpc:protoc-gen-grpc-java:$grpcv:exe:$arch</pluginArtifact>
        </configuration>
        <executions><execution><goals><goal>compile</goal><goal>compile-custom</goal></goals></execution></executions>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-dependency-plugin</artifactId>
        <version>3.8.1</version>
        <executions><execution><id>libs</id><phase>package</phase><goals><goal>copy-dependencies</goal></goals>
          <configuration><includeScope>runtime</includeScope><outputDirectory>\${project.build.directory}/lib</outputDirectory></configuration>
        </execution></executions>
      </plugin>
    </plugins>
  </build>
</project>
EOF
  cd "$dst"
  mvn -B -ntp -q -DskipTests package
  ls target/classes/hipstershop/AdService.class >/dev/null
}

for name in "${WANT[@]}"; do
  case "$name" in
    frontend | productcatalogservice | checkoutservice | shippingservice) step "$name" build_go ;;
    currencyservice | paymentservice) step "$name" build_node ;;
    emailservice | recommendationservice) step "$name" build_python ;;
    cartservice-standin | cartservice) step cartservice-standin build_cart ;;
    adservice) [[ "${OB_SKIP_ADSERVICE:-0}" == 1 ]] || step adservice build_adservice ;;
    *) ob_die "unknown service $name" ;;
  esac
done
ob_log "build ready in $OB_BUILD (commit $OB_COMMIT)"
