# frrk8s: one image for both containers of the node pod — FRR's daemons (under watchfrr, started by
# hack/image/frr-start.sh) and `frrk8s daemon`. Everything in it comes from Debian trixie's packages
# and npm. Why this base and this shape: docs/adr/0006-container-image.md.
#
#   docker build -t frrk8s .        (or: buildah bud -t frrk8s .)
#
# hack/build-image.sh builds this same file on a machine that can reach no container registry: it
# makes `debian:trixie-slim` locally with mmdebstrap first.

# --- build: compile TypeScript, then keep only the production dependencies --------------------------
FROM debian:trixie-slim AS build
# npm itself comes from the npm registry, pinned and checked: Debian's `npm` package drags in hundreds
# of node-* packages and takes minutes to install, for a tool this stage uses twice.
ARG NPM_VERSION=11.19.1
ARG NPM_SHA512=cedb312b1b7f92421a02cfb68b4194e88f8346651dacd6acc5364a25ef5309d4a32b19616a1ff8aff865e7280c0fa5c0835a99f5cd93368991e2a80ec9da75d2
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs curl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# The optional secret `ca-certificates` is a CA bundle for networks that intercept TLS (a build
# machine's proxy); it is used by curl and npm during the build and never stored in the image.
RUN --mount=type=secret,id=ca-certificates \
    if [ -s /run/secrets/ca-certificates ]; then export CURL_CA_BUNDLE=/run/secrets/ca-certificates; fi \
 && curl -fsSL -o /tmp/npm.tgz "https://registry.npmjs.org/npm/-/npm-${NPM_VERSION}.tgz" \
 && echo "${NPM_SHA512}  /tmp/npm.tgz" | sha512sum -c - \
 && mkdir -p /opt/npm && tar -xzf /tmp/npm.tgz -C /opt/npm --strip-components=1 && rm /tmp/npm.tgz \
 && ln -s /opt/npm/bin/npm-cli.js /usr/local/bin/npm && ln -s /opt/npm/bin/npx-cli.js /usr/local/bin/npx
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would compile before the sources are copied; the build is the next step.
RUN --mount=type=secret,id=ca-certificates \
    if [ -s /run/secrets/ca-certificates ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/ca-certificates; fi \
 && npm ci --ignore-scripts --no-audit --no-fund --no-update-notifier
COPY tsconfig.json tsconfig.build.json ./
COPY api api
COPY src src
COPY bin bin
# Type declarations and source maps of the dependencies are half of their size and unused at run time.
RUN npx tsc -p tsconfig.build.json \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund --no-update-notifier \
 && find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -delete \
 && find dist -name '*.map' -delete

# --- runtime ------------------------------------------------------------------------------------------
FROM debian:trixie-slim
# FRR's user and groups with fixed ids, created before the frr package would pick free ones, so the
# manifests can run the frrk8s container as that user by number (runAsNonRoot needs a number) and
# share FRR's sockets through the frrvty group.
RUN groupadd --system --gid 101 frr \
 && groupadd --system --gid 102 frrvty \
 && useradd --system --uid 101 --gid frr --groups frrvty --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin frr
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs frr frr-pythontools tini \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
COPY --from=build /src/package.json /opt/frrk8s/package.json
COPY --from=build /src/node_modules /opt/frrk8s/node_modules
COPY --from=build /src/dist /opt/frrk8s/dist
COPY --from=build /src/bin /opt/frrk8s/bin
COPY hack/image/frr-start.sh /usr/lib/frrk8s/frr-start.sh
RUN ln -s /opt/frrk8s/bin/frrk8s.js /usr/local/bin/frrk8s
# The frrk8s container runs as frr; the FRR container asks for root in its securityContext (watchfrr
# and the daemons start as root, bind their sockets, then drop to frr themselves).
USER 101:101
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["frrk8s", "--help"]
