namespace MigrationBot.Batches.Lifecycle;

/// <summary>
/// A lifecycle's one table of legal moves (STYLE.md habit 7): every state with the states it may go to. Nothing
/// else decides whether a move is allowed, and an illegal one throws, naming both states and what is allowed.
/// </summary>
public sealed class TransitionTable<TState>
    where TState : struct, Enum
{
    private readonly IReadOnlyDictionary<TState, IReadOnlySet<TState>> _moves;

    public TransitionTable(IReadOnlyDictionary<TState, TState[]> moves)
    {
        var missing = Enum.GetValues<TState>().Where(s => !moves.ContainsKey(s)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"the {typeof(TState).Name} table has no row for {string.Join(", ", missing)}", nameof(moves));
        _moves = moves.ToDictionary(m => m.Key, m => (IReadOnlySet<TState>)m.Value.ToHashSet());
    }

    /// <summary>The states <paramref name="from"/> may move to.</summary>
    public IReadOnlySet<TState> From(TState from) => _moves[from];

    public bool IsAllowed(TState from, TState to) => _moves[from].Contains(to);

    /// <exception cref="IllegalTransitionException">The table has no such move.</exception>
    public void Ensure(TState from, TState to)
    {
        if (!IsAllowed(from, to))
            throw new IllegalTransitionException(typeof(TState).Name, from.ToString(), to.ToString(), _moves[from].Select(s => s.ToString()).ToList());
    }
}
