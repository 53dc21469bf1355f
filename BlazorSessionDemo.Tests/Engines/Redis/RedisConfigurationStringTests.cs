using StackExchange.Redis;
using System.Net;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// How <c>Session:Redis:Configuration</c> and the other <c>Session:Redis</c> settings become the client's options:
/// the string replaces Host, Port and Password, every option it names wins over the app's fail-fast defaults, the
/// defaults it doesn't name stay, and the database is always <c>Db</c>.
/// </summary>
public sealed class RedisConfigurationStringTests
{
    [Fact]
    public void ConfigurationString_ReplacesHostPortAndPassword_AndItsOwnOptionsWin()
    {
        var options = RedisSessionConnection.CreateOptions(new RedisSessionSettings
        {
            Host = "ignored.invalid",
            Port = 1234,
            Password = "ignored-password",
            Db = 3,
            Configuration = "10.0.0.1:7000,10.0.0.2:7001,password=cluster-password,connectTimeout=5000,defaultDatabase=9",
        });

        Assert.Equal(["10.0.0.1:7000", "10.0.0.2:7001"], options.EndPoints.Select(e => ((IPEndPoint)e).ToString()));
        Assert.Equal("cluster-password", options.Password);
        Assert.Equal(5000, options.ConnectTimeout);
        Assert.Equal(3, options.DefaultDatabase);
        // The defaults it doesn't name: short timeouts, and starting while Redis is down.
        Assert.Equal(2000, options.SyncTimeout);
        Assert.False(options.AbortOnConnectFail);
    }

    [Fact]
    public void WithoutAConfigurationString_HostPortAndPasswordAreUsed_WithTheSameDefaults()
    {
        var options = RedisSessionConnection.CreateOptions(new RedisSessionSettings { Host = "10.0.0.5", Port = 6380, Password = "pw", Db = 2 });

        Assert.Equal(["10.0.0.5:6380"], options.EndPoints.Select(e => e.ToString()!));
        Assert.Equal("pw", options.Password);
        Assert.Equal(2, options.DefaultDatabase);
        Assert.Equal(2000, options.ConnectTimeout);
        Assert.Equal(2000, options.SyncTimeout);
        Assert.False(options.AbortOnConnectFail);
        Assert.Equal("BlazorSessionDemo.sessions", options.ClientName);
    }

    [Fact]
    public void WithTheNearCache_TheSessionConnection_IsAdmin_AndSpeaksResp2_WhateverTheStringSays()
    {
        // RESP2 because Redis words a flush's invalidation in the tracking connection's protocol, and the RESP2
        // listener loses a RESP3 null (RedisNearCacheInvalidationTests' FLUSHDB case fails without this).
        var near = RedisSessionConnection.CreateOptions(new RedisSessionSettings { Configuration = "10.0.0.5:6380,protocol=resp3", NearCacheSize = 64 });
        Assert.Equal(RedisProtocol.Resp2, near.Protocol);
        Assert.True(near.AllowAdmin);

        var off = RedisSessionConnection.CreateOptions(new RedisSessionSettings { Configuration = "10.0.0.5:6380,protocol=resp3" });
        Assert.Equal(RedisProtocol.Resp3, off.Protocol);
        Assert.False(off.AllowAdmin);
    }
}
