using System.Text.Json.Nodes;
using DjangoSessions.Lifecycle;
using DjangoSessions.Redis;

namespace BlazorSessionDemo.Tests.Engines.Redis;

/// <summary>
/// The near cache's table on its own: the order rules that make caching a read safe while invalidations arrive on
/// another connection, at any moment relative to the read's reply.
/// </summary>
public sealed class RedisNearCacheSlotsTests
{
    private static readonly LoadedSessionData Old = new(new JsonObject { ["n"] = 1 }, "v1", Shared: true);
    private const long Later = long.MaxValue;

    [Fact]
    public void AReadOvertakenByAnInvalidation_IsNotKept()
    {
        var slots = new RedisNearCacheSlots(8);
        var ticket = slots.BeginFill("a", 0)!.Value;

        slots.Forget("a");

        Assert.False(slots.CompleteFill(ticket, Old, Later));
        Assert.Null(slots.Get("a", 0));
        // And the slot is free for the next read, which sees the new value.
        Assert.NotNull(slots.BeginFill("a", 0));
    }

    [Fact]
    public void AReadNotOvertaken_IsKept_UntilItsExpiry()
    {
        var slots = new RedisNearCacheSlots(8);
        var ticket = slots.BeginFill("a", 0)!.Value;

        Assert.True(slots.CompleteFill(ticket, Old, expiresAtTicks: 100));

        Assert.Same(Old, slots.Get("a", 99));
        Assert.Null(slots.Get("a", 100));
    }

    [Fact]
    public void ASecondRead_OfASessionBeingRead_KeepsNothing()
    {
        var slots = new RedisNearCacheSlots(8);
        var first = slots.BeginFill("a", 0)!.Value;

        Assert.Null(slots.BeginFill("a", 0));
        Assert.Null(slots.Get("a", 0));
        Assert.True(slots.CompleteFill(first, Old, Later));
    }

    [Fact]
    public void AnAbandonedRead_FreesTheSlot()
    {
        var slots = new RedisNearCacheSlots(8);
        slots.AbandonFill(slots.BeginFill("a", 0)!.Value);

        Assert.NotNull(slots.BeginFill("a", 0));
    }

    [Fact]
    public void SessionsSharingASlot_TakeItOver_WithoutServingEachOther()
    {
        var slots = new RedisNearCacheSlots(1);
        var a = slots.BeginFill("a", 0)!.Value;
        var b = slots.BeginFill("b", 0)!.Value;

        Assert.False(slots.CompleteFill(a, Old, Later));
        Assert.True(slots.CompleteFill(b, Old, Later));
        Assert.Null(slots.Get("a", 0));
        Assert.Same(Old, slots.Get("b", 0));

        // An invalidation of "a" leaves "b", which holds the slot now.
        slots.Forget("a");
        Assert.Same(Old, slots.Get("b", 0));
        slots.Forget("b");
        Assert.Null(slots.Get("b", 0));
    }

    [Fact]
    public void AfterThisNodesWrite_ReadsKeepNothing_UntilTheHoldEnds_WhateverInvalidationsCome()
    {
        var slots = new RedisNearCacheSlots(8);
        var inFlight = slots.BeginFill("a", 0)!.Value;

        slots.ForgetWritten("a", holdUntilTicks: 100);

        Assert.False(slots.CompleteFill(inFlight, Old, Later));
        Assert.Null(slots.BeginFill("a", 50));
        // An invalidation arrives (another node wrote too): the hold stays (it keeps nothing, so it can't be stale).
        slots.Forget("a");
        Assert.Null(slots.BeginFill("a", 99));
        Assert.Null(slots.Get("a", 99));
        var after = slots.BeginFill("a", 100)!.Value;
        Assert.True(slots.CompleteFill(after, Old, Later));
        Assert.Same(Old, slots.Get("a", 101));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(100, 128)]
    [InlineData(8192, 8192)]
    public void Capacity_IsTheSizeRoundedUpToAPowerOfTwo(int size, int capacity) =>
        Assert.Equal(capacity, new RedisNearCacheSlots(size).Capacity);
}
