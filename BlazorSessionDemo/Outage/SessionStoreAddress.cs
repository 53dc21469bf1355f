using System.Net;
using BlazorSessionDemo.Data;
using DjangoSessions;
using DjangoSessions.Redis;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace BlazorSessionDemo.Outage;

/// <summary>
/// Where an engine keeps its sessions, in words safe to show anyone: the kind of store and its host:port (or a file
/// name), taken from the configuration, never a password, user name or any other part of a connection string.
/// </summary>
public sealed class SessionStoreAddress(
    IOptions<RedisSessionSettings> redis, IOptions<DatabaseSettings> database, IConfiguration configuration)
{
    public string Of(string engine) => engine switch
    {
        SessionEngineNames.Redis => $"Redis at {RedisEndpoints()}",
        SessionEngineNames.Db or SessionEngineNames.CachedDb or SessionEngineNames.SignedCookies => Database(),
        SessionEngineNames.File => "the session folder (Session:FilePath)",
        SessionEngineNames.Cache => "the cache (Session:CacheAlias)",
        _ => "its store",
    };

    private string RedisEndpoints()
    {
        var settings = redis.Value;
        if (string.IsNullOrWhiteSpace(settings.Configuration))
        {
            return $"{settings.Host}:{settings.Port}";
        }
        // The configuration string can hold a password (password=...): only its endpoints are shown.
        var endpoints = ConfigurationOptions.Parse(settings.Configuration).EndPoints.Select(e => e switch
        {
            DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
            _ => e.ToString() ?? "",
        });
        return string.Join(", ", endpoints);
    }

    private string Database()
    {
        var text = configuration.GetConnectionString(DatabaseServiceCollectionExtensions.ConnectionStringName) ?? "";
        try
        {
            if (database.Value.IsPostgreSql)
            {
                var postgres = new NpgsqlConnectionStringBuilder(text);
                return $"PostgreSQL at {postgres.Host}:{postgres.Port}";
            }
            // A machine path is nobody's business: the file's name says which database it is.
            return $"the SQLite database {Path.GetFileName(new SqliteConnectionStringBuilder(text).DataSource)}";
        }
        catch (ArgumentException)
        {
            return "the database (ConnectionStrings:Default)";
        }
    }
}
