# Builds the portal image used by docker-compose.yml.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/CapacityCoop.Web/CapacityCoop.Web.csproj src/CapacityCoop.Web/packages.lock.json src/CapacityCoop.Web/
RUN dotnet restore src/CapacityCoop.Web/CapacityCoop.Web.csproj
COPY src/ src/
RUN dotnet publish src/CapacityCoop.Web/CapacityCoop.Web.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "CapacityCoop.Web.dll"]
