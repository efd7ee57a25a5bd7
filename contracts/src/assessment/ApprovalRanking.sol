// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title The amount a round of approvals pays, kept as votes are revealed
/// @notice The payout rule: of the n approved amounts in ascending order, the element n-1-floor(n/2), i.e. the
/// largest amount more than half of the approvals accept (the median for an odd count, the lower middle for an
/// even one). One low vote cannot cut what the majority approved; one high vote cannot raise it.
///
/// Every revealed vote counts, however many there are, so the amounts cannot be sorted when the round is decided.
/// Instead they are kept sorted as they arrive: a list of the distinct amounts, each with how many approvals named
/// it, and a pointer (amount, offset among its equal approvals) at the element the rule picks. Each new approval
/// moves the pointer at most one step, so deciding reads one slot whatever the count. A new distinct amount is
/// linked in by walking from the pointer: one step per distinct amount in between, paid by the voter who reveals it.
library ApprovalRanking {
    /// @dev A distinct approved amount: how many approvals named it, and the next lower and higher ones (0: none).
    struct AmountNode {
        uint32 count;
        uint96 lower;
        uint96 higher;
    }

    /// @notice Adds one approval of `amount` (> 0) to the `n` already ranked, whose picked element is (`pointer`,
    /// `offset`); returns the picked element of the n + 1.
    /// @dev A new approval goes after every equal one, so it lands before the pointer only if it is smaller. The
    /// picked index n-1-floor(n/2) grows by one when n is even and stays when n is odd; the pointer's own index
    /// grows by one when the approval landed before it. The difference is the step to take: -1, 0 or +1.
    function add(mapping(uint96 => AmountNode) storage nodes, uint256 n, uint96 pointer, uint32 offset, uint96 amount)
        internal
        returns (uint96, uint32)
    {
        if (n == 0) {
            nodes[amount].count = 1;
            return (amount, 0);
        }
        if (nodes[amount].count == 0) _link(nodes, pointer, amount);
        nodes[amount].count += 1;
        bool even = n % 2 == 0;
        bool before = amount < pointer;
        if (even && !before) {
            // one step up
            if (offset + 1 < nodes[pointer].count) return (pointer, offset + 1);
            return (nodes[pointer].higher, 0);
        }
        if (!even && before) {
            // one step down
            if (offset > 0) return (pointer, offset - 1);
            uint96 lower = nodes[pointer].lower;
            return (lower, nodes[lower].count - 1);
        }
        return (pointer, offset);
    }

    /// @dev Links a new distinct amount into the sorted list, walking from `from`, an amount already in it.
    function _link(mapping(uint96 => AmountNode) storage nodes, uint96 from, uint96 amount) private {
        uint96 lower;
        uint96 higher;
        if (amount > from) {
            lower = from;
            higher = nodes[from].higher;
            while (higher != 0 && higher < amount) (lower, higher) = (higher, nodes[higher].higher);
        } else {
            higher = from;
            lower = nodes[from].lower;
            while (lower != 0 && lower > amount) (higher, lower) = (lower, nodes[lower].lower);
        }
        nodes[amount] = AmountNode(0, lower, higher);
        if (lower != 0) nodes[lower].higher = amount;
        if (higher != 0) nodes[higher].lower = amount;
    }
}
