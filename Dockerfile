# The bot host (src/MigrationBot) as a container. Build and run, from the repository root:
#
#   docker build -t migrationbot .
#   docker run -d --name migrationbot -p 8080:8080 -v migrationbot-data:/data -e MicrosoftAppId=00000000-0000-0000-0000-000000000000 -e MicrosoftAppTenantId=00000000-0000-0000-0000-000000000000 -e MicrosoftAppPassword=the-app-secret migrationbot
#
# with the bot's Entra app id, its tenant and its client secret in place of the placeholders; Azure Bot Service's
# messaging endpoint is then https://<your host>/api/messages (TLS terminated in front of the container).
# Configuration is environment variables, `__` for `:` (README.md lists every key), for example:
#   MicrosoftAppType                 SingleTenant (default), UserAssignedMSI or MultiTenant
#   Authorization__Admins__0         an Entra object id allowed to run batches; Authorization__Approvers__0 likewise
#   Target__TenantId, Target__ClientId, Target__ClientSecret   the app that logs into Exchange Online's IMAP (XOAUTH2)
#   Store__SqlitePath                the database, on the /data volume (set below); one replica only on SQLite
#   Store__Provider=PostgreSql, Store__PostgreSqlConnectionString   a shared store for several replicas (compose.yaml)
#   Metrics__Port                    the Prometheus scrape endpoint (/metrics) answers only on this port: 9464 (below),
#                                    not published above; publish it only where your scraper can reach it (-p 9464:9464)
#   Logging__Console__FormatterName  json (default here: one JSON object per line) or simple
# It runs as the image's unprivileged user `app` (UID 1654), which owns /data and nothing else it can write.
# HEALTHCHECK asks /healthz through the host itself (`--probe`): the runtime image has no curl or wget.
# CI has no Docker engine: scripts/container-check.sh runs this file's restore and publish lines, then starts the result
# with this file's ENV as UID 1654 on an empty data directory and checks /readyz, the probe and the database's owner.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore in its own layer, from the project files alone, so a code change does not download the packages again.
# Every project the host references must be listed here (a unit test checks it).
COPY Directory.Build.props Directory.Packages.props ./
COPY src/MigrationBot/MigrationBot.csproj src/MigrationBot/
COPY src/MigrationBot.Engine/MigrationBot.Engine.csproj src/MigrationBot.Engine/
RUN dotnet restore src/MigrationBot/MigrationBot.csproj
COPY . .
RUN dotnet publish src/MigrationBot/MigrationBot.csproj -c Release --no-restore -o /app/publish

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app/publish .
RUN mkdir -p /data && chown "$APP_UID:$APP_UID" /data && chmod 700 /data
ENV ASPNETCORE_URLS=http://+:8080;http://+:9464
ENV Metrics__Port=9464
ENV Store__SqlitePath=/data/migrationbot.db
VOLUME /data
USER $APP_UID
EXPOSE 8080 9464
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 CMD ["dotnet", "MigrationBot.Host.dll", "--probe", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["dotnet", "MigrationBot.Host.dll"]
