# Stand-in for the official postgres:15-bookworm image, for machines that reach Debian's package
# mirrors but no image registry: Debian bookworm's PostgreSQL 15, and an entrypoint that honours
# the official image's POSTGRES_DB, POSTGRES_USER, POSTGRES_PASSWORD and PGDATA.
FROM node:20-bookworm-slim
RUN apt-get update -qq \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \
  && rm -rf /var/lib/apt/lists/* /var/lib/postgresql/15 \
  && mkdir -p /var/run/postgresql /var/lib/postgresql/data \
  && chown -R postgres:postgres /var/run/postgresql /var/lib/postgresql
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
USER postgres
EXPOSE 5432
ENTRYPOINT ["sh", "/usr/local/bin/docker-entrypoint.sh"]
