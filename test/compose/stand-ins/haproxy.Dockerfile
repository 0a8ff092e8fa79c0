# Stand-in for the official haproxy:2.6-bookworm image: Debian bookworm's HAProxy 2.6, reading
# /usr/local/etc/haproxy/haproxy.cfg as the official image does.
FROM node:20-bookworm-slim
RUN apt-get update -qq \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy >/dev/null \
  && rm -rf /var/lib/apt/lists/*
USER haproxy
ENTRYPOINT ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
