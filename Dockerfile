# The bot host. Build: docker build -t migrationbot .   Run: docker run -p 8080:8080 -e MicrosoftAppId=… migrationbot
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/MigrationBot/MigrationBot.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 \
    Store__SqlitePath=/data/migrationbot.db
VOLUME /data
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet", "MigrationBot.Host.dll"]
