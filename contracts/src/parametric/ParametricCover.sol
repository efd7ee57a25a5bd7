// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {EligibilityVerifier} from "../generated/EligibilityVerifier.sol";
import {IAssertionCallbacks, IIndexFeed, IOptimisticAsserter, IParametricMutual} from "./IParametricOracles.sol";

/// @title Parametric cover: an index crossing its threshold pays every covered member of the region, privately
/// @notice A product (set by governance within bounds) names a region, an index, up to three thresholds with their
/// payouts, the window events may occur in, and its claim window. An event is opened by an oracle, never by a key:
/// a Chainlink-style feed read against the thresholds (fresh, complete round, plausible value), or a UMA Optimistic
/// Oracle V3 assertion that settled true (bonded, disputable during its liveness). Each covered member then claims
/// once with a proof of the eligibility circuit in its parametric mode (membership in the root that was current at
/// the event, cover at the event time, the product in their policy, their region; the region is all it discloses),
/// and is paid at once: no evidence, no assessors.
///
/// Solvency: opening an event earmarks a pot from the free reserve, at most the band's payout times the policies
/// the issuer recorded for the product. When the pot is smaller, each claim is paid the same share at once
/// (pot / policies), and after the claim window whatever the pot and the reserve then hold is shared pro rata among
/// the claimants, up to the full payout (one top-up each). The reserve is funded by governance (moveCapital from
/// the mutual) or by anyone sending tokens.
///
/// Roles are the mutual's: its governance (DEFAULT_ADMIN_ROLE, the timelock) sets products and parameters and moves
/// the free reserve out; its issuer records the policies sold. A separate contract: MutuaMutual is at the size limit.
contract ParametricCover is ReentrancyGuard, IAssertionCallbacks {
    using SafeERC20 for IERC20;

    bytes32 private constant DEFAULT_ADMIN_ROLE = 0x00;
    bytes32 private constant ISSUER_ROLE = keccak256("ISSUER_ROLE");

    uint256 public constant PRODUCTS = 64;
    uint256 public constant MAX_BANDS = 3;
    uint256 public constant MAX_PAYOUT = type(uint88).max;
    uint32 public constant MIN_CLAIM_WINDOW = 1 days;
    uint32 public constant MAX_CLAIM_WINDOW = 90 days;
    uint32 public constant MIN_FEED_AGE = 1 minutes;
    uint32 public constant MAX_FEED_AGE = 1 days;
    uint64 public constant MIN_LIVENESS = 2 hours;
    uint64 public constant MAX_LIVENESS = 7 days;
    /// @notice The fewest policies a product may be triggered with, whatever governance sets: a claim discloses the
    /// region and product, so the product's policyholders are its claimants' anonymity set.
    uint32 public constant MIN_ANONYMITY = 5;
    uint32 public constant MAX_ANONYMITY = 1_000_000;
    /// @notice Top-ups are paid for this long after the event closes; then what is left returns to the reserve.
    uint32 public constant TOP_UP_WINDOW = 90 days;
    uint256 public constant MAX_DESCRIPTION_BYTES = 200;

    /// @notice A parametric product. `thresholds` ascend; band i pays payouts[i] when the index reached
    /// thresholds[i] (the highest band reached pays). Events may occur from coverStart to coverEnd, once.
    struct Product {
        uint32 region;
        uint40 coverStart;
        uint40 coverEnd;
        uint32 claimWindow;
        uint32 maxFeedAge;
        uint64 liveness;
        uint8 bands;
        address feed;
        int256 maxPlausible;
        int256[3] thresholds;
        uint96[3] payouts;
        string description;
    }

    struct ProductState {
        uint32 version;
        bool triggered;
        uint32 policies;
    }

    struct ParametricEvent {
        uint40 occurredAt;
        uint40 claimsCloseAt;
        uint48 pausedBefore;
        uint8 product;
        uint8 band;
        uint32 region;
        uint32 claimants;
        uint96 payout;
        uint96 instant;
        uint128 pot;
        uint128 paid;
        uint128 topUpPot;
        uint128 owed;
        uint128 toppedUp;
        uint40 closedAt;
        /// @dev The mutual's paused total when the event closed: the top-up window stretches by time paused since.
        uint48 pausedAtClose;
    }

    /// @notice What a member (or a relayer on their behalf) submits for a parametric event.
    /// @param proof [A.x, A.y, B.x.im, B.x.re, B.y.im, B.y.re, C.x, C.y] (toSolidityProof in @mutua/proofs).
    struct ParametricClaim {
        uint256 eventId;
        uint256 root;
        uint256 nullifier;
        address recipient;
        uint256[8] proof;
    }

    struct Payee {
        address recipient;
        uint88 received;
        bool toppedUp;
    }

    struct PendingAssertion {
        uint8 product;
        uint8 band;
        uint32 version;
        uint40 occurredAt;
    }

    IParametricMutual public immutable mutual;
    IERC20 public immutable token;
    /// @notice UMA's Optimistic Oracle V3 (0: this deployment takes feeds only).
    IOptimisticAsserter public immutable optimisticOracle;

    /// @notice The fewest policies a product needs before it can be triggered (governance, within the bounds).
    uint32 public minPolicies;
    /// @notice The bond an asserter puts up (at least the oracle's minimum for the token).
    uint256 public assertionBond;
    /// @notice Tokens owed to open events and top-ups; the rest of the balance is the free reserve.
    uint256 public committed;
    uint256 public eventCount;

    mapping(uint256 productId => Product) private _products;
    mapping(uint256 productId => ProductState) private _productStates;
    mapping(uint256 eventId => ParametricEvent) private _events;
    mapping(uint256 eventId => mapping(uint256 nullifier => Payee)) private _payees;
    mapping(bytes32 assertionId => PendingAssertion) private _assertions;

    event ProductSet(uint256 indexed productId, uint32 version, uint32 region, string description);
    event PoliciesRecorded(uint256 indexed productId, uint32 added, uint32 total);
    event ParametersSet(uint32 minPolicies, uint256 assertionBond);
    event EventAsserted(bytes32 indexed assertionId, uint256 indexed productId, uint8 band, uint40 occurredAt, address asserter);
    event AssertionDisputed(bytes32 indexed assertionId);
    /// @notice `eventId` 0: the assertion opened nothing (false, or the product was triggered or changed meanwhile).
    event AssertionResolved(bytes32 indexed assertionId, bool truthfully, uint256 eventId);
    event EventOpened(
        uint256 indexed eventId,
        uint256 indexed productId,
        uint8 band,
        uint40 occurredAt,
        uint40 claimsCloseAt,
        uint96 payout,
        uint96 instant,
        uint256 pot
    );
    event ParametricClaimPaid(uint256 indexed eventId, uint256 nullifier, address recipient, uint256 amount);
    event EventClosed(uint256 indexed eventId, uint256 claimants, uint256 owed, uint256 topUpPot);
    event TopUpPaid(uint256 indexed eventId, uint256 nullifier, address recipient, uint256 amount);
    event ReserveWithdrawn(address indexed to, uint256 amount);

    error NotGovernance(address caller);
    error NotIssuer(address caller);
    error ZeroAddress(string what);
    error InvalidProduct(uint256 productId, string reason);
    error ParameterOutOfBounds(string name, uint256 value, uint256 min, uint256 max);
    error AlreadyTriggered(uint256 productId);
    error TooFewPolicies(uint256 productId, uint256 policies, uint256 needed);
    error NoFeed(uint256 productId);
    error NoOptimisticOracle();
    error FeedRoundIncomplete(uint80 roundId, uint80 answeredInRound);
    error FeedStale(uint256 updatedAt, uint256 oldestAccepted);
    error FeedOutOfRange(int256 answer);
    error OutsideCoverWindow(uint256 time, uint256 coverStart, uint256 coverEnd);
    error BelowThreshold(int256 answer, int256 lowestThreshold);
    error InvalidBand(uint256 band);
    error NotOptimisticOracle(address caller);
    error UnknownAssertion(bytes32 assertionId);
    error NoSuchEvent(uint256 eventId);
    error MutualPaused();
    error ClaimWindowClosed(uint256 eventId, uint256 closedAt);
    error ClaimWindowOpen(uint256 eventId, uint256 closesAt);
    error InvalidRecipient();
    error NullifierAlreadyUsed(uint256 nullifier);
    error RootNotCurrentAtEvent(uint256 root, uint256 occurredAt);
    error InvalidProof();
    error EventAlreadyClosed(uint256 eventId);
    error EventNotClosed(uint256 eventId);
    error NothingToTopUp(uint256 eventId, uint256 nullifier);
    error TopUpWindowClosed(uint256 eventId, uint256 closedAt);
    error TopUpWindowOpen(uint256 eventId, uint256 closesAt);
    error ExceedsFreeReserve(uint256 amount, uint256 free);

    modifier onlyGovernance() {
        if (!mutual.hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) revert NotGovernance(msg.sender);
        _;
    }

    constructor(IParametricMutual mutual_, IERC20 token_, IOptimisticAsserter optimisticOracle_, uint32 minPolicies_, uint256 bond) {
        if (address(mutual_) == address(0)) revert ZeroAddress("mutual");
        if (address(token_) == address(0)) revert ZeroAddress("token");
        mutual = mutual_;
        token = token_;
        optimisticOracle = optimisticOracle_;
        _setParameters(minPolicies_, bond);
    }

    // ---------------------------------------------------------------- governance and issuer

    /// @notice Governance: sets product `productId`. A product keeps its "triggered" mark for the cover window it
    /// was triggered in: only a window starting after the old one ends makes it triggerable again.
    function setProduct(uint256 productId, Product calldata product) external onlyGovernance {
        _checkProduct(productId, product);
        ProductState storage state = _productStates[productId];
        if (state.triggered && product.coverStart > _products[productId].coverEnd) state.triggered = false;
        _products[productId] = product;
        uint32 version = ++state.version;
        emit ProductSet(productId, version, product.region, product.description);
    }

    function setParameters(uint32 minPolicies_, uint256 bond) external onlyGovernance {
        _setParameters(minPolicies_, bond);
    }

    /// @notice The issuer records `count` policies sold for `productId` (the anonymity set and the pot's measure).
    function recordPolicies(uint256 productId, uint32 count) external {
        if (!mutual.hasRole(ISSUER_ROLE, msg.sender)) revert NotIssuer(msg.sender);
        if (_products[productId].region == 0) revert InvalidProduct(productId, "no such product");
        ProductState storage state = _productStates[productId];
        state.policies += count;
        emit PoliciesRecorded(productId, count, state.policies);
    }

    /// @notice Governance: the free reserve (never what open events and top-ups are owed) to `to`.
    function withdrawReserve(address to, uint256 amount) external onlyGovernance nonReentrant {
        if (to == address(0)) revert ZeroAddress("to");
        uint256 free = freeReserve();
        if (amount > free) revert ExceedsFreeReserve(amount, free);
        emit ReserveWithdrawn(to, amount);
        token.safeTransfer(to, amount);
    }

    // ---------------------------------------------------------------- oracles

    /// @notice Opens the product's event from its feed's latest round. Anyone may call it (a keeper, a member).
    /// Refused: an incomplete or carried-over round, an answer older than the product's maxFeedAge, an answer <= 0 or
    /// above maxPlausible, an update outside the cover window, an answer below the lowest threshold.
    function triggerFromFeed(uint256 productId) external returns (uint256 eventId) {
        Product storage product = _products[productId];
        if (product.region == 0) revert InvalidProduct(productId, "no such product");
        if (product.feed == address(0)) revert NoFeed(productId);
        (uint80 roundId, int256 answer,, uint256 updatedAt, uint80 answeredInRound) = IIndexFeed(product.feed).latestRoundData();
        if (updatedAt == 0 || answeredInRound < roundId) revert FeedRoundIncomplete(roundId, answeredInRound);
        uint256 oldest = block.timestamp > product.maxFeedAge ? block.timestamp - product.maxFeedAge : 0;
        if (updatedAt < oldest || updatedAt > block.timestamp) revert FeedStale(updatedAt, oldest);
        if (answer <= 0 || answer > product.maxPlausible) revert FeedOutOfRange(answer);
        uint256 band = product.bands;
        while (band > 0 && answer < product.thresholds[band - 1]) --band;
        if (band == 0) revert BelowThreshold(answer, product.thresholds[0]);
        bytes4 refusal = _whyNotOpen(productId, updatedAt);
        if (refusal != bytes4(0)) _revertWith(refusal, productId, updatedAt);
        return _open(productId, uint8(band - 1), uint40(updatedAt));
    }

    /// @notice Asserts to UMA's Optimistic Oracle V3 that the product's index reached band `band`'s threshold at
    /// `occurredAt`. The caller is the asserter: they put up the bond (approve this contract first), get it back if
    /// the assertion stands, and lose it to a disputer if the oracle's vote finds it false. When the assertion
    /// settles true, the oracle's callback opens the event.
    function assertEvent(uint256 productId, uint8 band, uint40 occurredAt) external nonReentrant returns (bytes32 assertionId) {
        if (address(optimisticOracle) == address(0)) revert NoOptimisticOracle();
        Product storage product = _products[productId];
        if (band >= product.bands) revert InvalidBand(band);
        if (occurredAt > block.timestamp) revert OutsideCoverWindow(occurredAt, product.coverStart, block.timestamp);
        bytes4 refusal = _whyNotOpen(productId, occurredAt);
        if (refusal != bytes4(0)) _revertWith(refusal, productId, occurredAt);

        address currency = address(token);
        uint256 minimum = optimisticOracle.getMinimumBond(currency);
        uint256 bond = assertionBond > minimum ? assertionBond : minimum;
        token.safeTransferFrom(msg.sender, address(this), bond);
        token.forceApprove(address(optimisticOracle), bond);
        assertionId = optimisticOracle.assertTruth(
            assertionText(productId, band, occurredAt),
            msg.sender,
            address(this),
            address(0),
            product.liveness,
            currency,
            bond,
            optimisticOracle.defaultIdentifier(),
            bytes32(0)
        );
        _assertions[assertionId] = PendingAssertion(uint8(productId), band, _productStates[productId].version, occurredAt);
        emit EventAsserted(assertionId, productId, band, occurredAt, msg.sender);
    }

    /// @notice The oracle's callback once an assertion settles. Never reverts on the assertion's merits (a revert
    /// here would block the oracle's settlement and the bonds): an assertion that cannot open an event any more
    /// (false, the product triggered or changed since) is recorded as opening nothing.
    function assertionResolvedCallback(bytes32 assertionId, bool assertedTruthfully) external {
        if (msg.sender != address(optimisticOracle) || msg.sender == address(0)) revert NotOptimisticOracle(msg.sender);
        PendingAssertion memory pending = _assertions[assertionId];
        if (pending.occurredAt == 0) revert UnknownAssertion(assertionId);
        delete _assertions[assertionId];
        uint256 eventId;
        if (
            assertedTruthfully && pending.version == _productStates[pending.product].version
                && _whyNotOpen(pending.product, pending.occurredAt) == bytes4(0)
        ) {
            eventId = _open(pending.product, pending.band, pending.occurredAt);
        }
        emit AssertionResolved(assertionId, assertedTruthfully, eventId);
    }

    /// @notice A dispute only delays: the assertion resolves (true or false) by the oracle's vote.
    function assertionDisputedCallback(bytes32 assertionId) external {
        if (msg.sender != address(optimisticOracle) || msg.sender == address(0)) revert NotOptimisticOracle(msg.sender);
        emit AssertionDisputed(assertionId);
    }

    // ---------------------------------------------------------------- claims

    /// @notice Pays a covered member's parametric claim at once. Every public input but root and nullifier is
    /// computed here: the loss time, product, region and payout from the event, the scope from this contract and
    /// event, the binding from the recipient (no evidence). The root must be the one current at the event: members
    /// admitted after it cannot claim it.
    function claim(ParametricClaim calldata request) external nonReentrant returns (uint256 paidNow) {
        if (mutual.paused()) revert MutualPaused();
        ParametricEvent storage ev = _events[request.eventId];
        uint256 occurredAt = ev.occurredAt;
        if (occurredAt == 0) revert NoSuchEvent(request.eventId);
        uint256 closesAt = _claimsCloseAt(ev);
        if (block.timestamp > closesAt) revert ClaimWindowClosed(request.eventId, closesAt);
        if (request.recipient == address(0)) revert InvalidRecipient();
        Payee storage payee = _payees[request.eventId][request.nullifier];
        if (payee.recipient != address(0)) revert NullifierAlreadyUsed(request.nullifier);
        if (!mutual.wasCurrentAt(request.root, occurredAt)) revert RootNotCurrentAtEvent(request.root, occurredAt);

        // Order: ELIGIBILITY_PUBLIC_SIGNALS; `claim` as packClaim(payout, occurredAt, scope, parametric) and `binding`
        // as claimBinding(scope, 0, recipient) in @mutua/core.
        uint256 scope = scopeOf(request.eventId);
        uint256[4] memory signals = [
            request.root,
            request.nullifier,
            ((scope >> 162) << 167) | (uint256(1) << 166) | (uint256(ev.product) << 160) | (uint256(ev.region) << 128)
                | (uint256(ev.payout) << 40) | occurredAt,
            uint256(keccak256(abi.encode(scope, uint256(0), request.recipient))) >> 8
        ];
        if (!EligibilityVerifier.verify(request.proof, signals)) revert InvalidProof();

        uint256 left = ev.pot - ev.paid;
        paidNow = ev.instant < left ? ev.instant : left;
        ev.paid += uint128(paidNow);
        ev.claimants += 1;
        payee.recipient = request.recipient;
        payee.received = uint88(paidNow);
        committed -= paidNow;
        emit ParametricClaimPaid(request.eventId, request.nullifier, request.recipient, paidNow);
        // A recipient the token refuses makes the whole claim revert: nothing is spent, the member claims again
        // with another address.
        if (paidNow > 0) token.safeTransfer(request.recipient, paidNow);
    }

    /// @notice After the claim window: the pot's remainder and the free reserve (up to what claimants are still
    /// owed) become the top-up pot, shared pro rata to what each claimant was not paid. Anyone may call it.
    function closeEvent(uint256 eventId) external {
        ParametricEvent storage ev = _events[eventId];
        if (ev.occurredAt == 0) revert NoSuchEvent(eventId);
        if (ev.closedAt != 0) revert EventAlreadyClosed(eventId);
        uint256 closesAt = _claimsCloseAt(ev);
        if (block.timestamp <= closesAt) revert ClaimWindowOpen(eventId, closesAt);
        committed -= ev.pot - ev.paid;
        uint256 owed = uint256(ev.claimants) * ev.payout - ev.paid;
        uint256 free = freeReserve();
        uint256 topUpPot = owed < free ? owed : free;
        committed += topUpPot;
        ev.owed = SafeCast.toUint128(owed);
        ev.topUpPot = uint128(topUpPot);
        ev.closedAt = uint40(block.timestamp);
        ev.pausedAtClose = uint48(mutual.pausedTotalNow());
        emit EventClosed(eventId, ev.claimants, owed, topUpPot);
    }

    /// @notice Pays a claimant's pro-rata top-up, once, to the recipient their proof named. Anyone may call it, for
    /// TOP_UP_WINDOW after the event closed (time the mutual spends paused not counted); not while it is paused.
    function topUp(uint256 eventId, uint256 nullifier) external nonReentrant returns (uint256 amount) {
        ParametricEvent storage ev = _events[eventId];
        if (ev.closedAt == 0) revert EventNotClosed(eventId);
        // A paused mutual pays nothing, top-ups included; the window is stretched by the pause, as claims' are.
        if (mutual.paused()) revert MutualPaused();
        uint256 endsAt = _topUpEndsAt(ev);
        if (block.timestamp > endsAt) revert TopUpWindowClosed(eventId, endsAt);
        Payee storage payee = _payees[eventId][nullifier];
        if (payee.recipient == address(0) || payee.toppedUp || ev.owed == 0) revert NothingToTopUp(eventId, nullifier);
        amount = (uint256(ev.payout) - payee.received) * ev.topUpPot / ev.owed;
        payee.toppedUp = true;
        ev.toppedUp += uint128(amount);
        committed -= amount;
        emit TopUpPaid(eventId, nullifier, payee.recipient, amount);
        if (amount > 0) token.safeTransfer(payee.recipient, amount);
    }

    /// @notice After the top-up window, what was not topped up (a recipient the token refuses, rounding) returns to
    /// the free reserve, so no path leaves tokens committed forever. Anyone may call it.
    function releaseTopUps(uint256 eventId) external {
        ParametricEvent storage ev = _events[eventId];
        if (ev.closedAt == 0) revert EventNotClosed(eventId);
        uint256 endsAt = _topUpEndsAt(ev);
        if (block.timestamp <= endsAt) revert TopUpWindowOpen(eventId, endsAt);
        uint256 rest = uint256(ev.topUpPot) - ev.toppedUp;
        ev.toppedUp = ev.topUpPot;
        committed -= rest;
    }

    // ---------------------------------------------------------------- views

    /// @notice keccak256(abi.encode(chainid, this, eventId)) >> 8, as deriveScope in @mutua/core.
    function scopeOf(uint256 eventId) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), eventId))) >> 8;
    }

    function freeReserve() public view returns (uint256) {
        uint256 balance = token.balanceOf(address(this));
        return balance > committed ? balance - committed : 0;
    }

    function getProduct(uint256 productId) external view returns (Product memory product, ProductState memory state) {
        return (_products[productId], _productStates[productId]);
    }

    /// @notice The event, and its claim window's end as it stands now (stretched by time the mutual spent paused).
    function getEvent(uint256 eventId) external view returns (ParametricEvent memory ev, uint256 claimsCloseAt) {
        ev = _events[eventId];
        if (ev.occurredAt != 0) claimsCloseAt = _claimsCloseAt(_events[eventId]);
    }

    function payeeOf(uint256 eventId, uint256 nullifier) external view returns (Payee memory) {
        return _payees[eventId][nullifier];
    }

    /// @notice The words an assertion states (UMA's voters judge them): what happened, where, when, by which product.
    function assertionText(uint256 productId, uint8 band, uint40 occurredAt) public view returns (bytes memory) {
        Product storage product = _products[productId];
        bytes memory what = abi.encodePacked(
            "Mutua parametric cover: ",
            product.description,
            " reached at least ",
            Strings.toStringSigned(product.thresholds[band]),
            " in region ",
            Strings.toString(product.region),
            " at unix time ",
            Strings.toString(occurredAt)
        );
        return abi.encodePacked(
            what,
            " (product ",
            Strings.toString(productId),
            ", band ",
            Strings.toString(band),
            ", contract ",
            Strings.toHexString(address(this)),
            ", chain ",
            Strings.toString(block.chainid),
            ")."
        );
    }

    // ---------------------------------------------------------------- internals

    /// @dev Why product `productId` cannot open an event at `time` (0: it can).
    function _whyNotOpen(uint256 productId, uint256 time) private view returns (bytes4) {
        Product storage product = _products[productId];
        ProductState storage state = _productStates[productId];
        if (product.region == 0) return InvalidProduct.selector;
        if (state.triggered) return AlreadyTriggered.selector;
        if (time < product.coverStart || time > product.coverEnd) return OutsideCoverWindow.selector;
        if (state.policies < minPolicies) return TooFewPolicies.selector;
        return bytes4(0);
    }

    function _revertWith(bytes4 refusal, uint256 productId, uint256 time) private view {
        Product storage product = _products[productId];
        if (refusal == InvalidProduct.selector) revert InvalidProduct(productId, "no such product");
        if (refusal == AlreadyTriggered.selector) revert AlreadyTriggered(productId);
        if (refusal == OutsideCoverWindow.selector) revert OutsideCoverWindow(time, product.coverStart, product.coverEnd);
        revert TooFewPolicies(productId, _productStates[productId].policies, minPolicies);
    }

    function _open(uint256 productId, uint8 band, uint40 occurredAt) private returns (uint256 eventId) {
        Product storage product = _products[productId];
        ProductState storage state = _productStates[productId];
        state.triggered = true;
        uint256 payout = product.payouts[band];
        uint256 full = payout * state.policies;
        uint256 free = freeReserve();
        uint256 pot = full < free ? full : free;
        // policies >= minPolicies >= MIN_ANONYMITY: never a division by zero.
        uint256 instant = pot == full ? payout : pot / state.policies;
        committed += pot;
        eventId = ++eventCount;
        uint40 closesAt = uint40(block.timestamp + product.claimWindow);
        ParametricEvent storage ev = _events[eventId];
        ev.occurredAt = occurredAt;
        ev.claimsCloseAt = closesAt;
        ev.pausedBefore = uint48(mutual.pausedTotalNow());
        ev.product = uint8(productId);
        ev.band = band;
        ev.region = product.region;
        ev.payout = uint96(payout);
        ev.instant = uint96(instant);
        ev.pot = SafeCast.toUint128(pot);
        emit EventOpened(eventId, productId, band, occurredAt, closesAt, uint96(payout), uint96(instant), pot);
    }

    function _topUpEndsAt(ParametricEvent storage ev) private view returns (uint256) {
        return uint256(ev.closedAt) + TOP_UP_WINDOW + (mutual.pausedTotalNow() - ev.pausedAtClose);
    }

    function _claimsCloseAt(ParametricEvent storage ev) private view returns (uint256) {
        return uint256(ev.claimsCloseAt) + (mutual.pausedTotalNow() - ev.pausedBefore);
    }

    function _checkProduct(uint256 productId, Product calldata product) private pure {
        if (productId >= PRODUCTS) revert InvalidProduct(productId, "products are numbered 0 to 63");
        if (product.region == 0) revert InvalidProduct(productId, "region 0 is no region");
        if (product.coverStart == 0 || product.coverEnd <= product.coverStart) revert InvalidProduct(productId, "empty cover window");
        if (product.bands == 0 || product.bands > MAX_BANDS) revert InvalidProduct(productId, "one to three bands");
        for (uint256 i = 0; i < product.bands; ++i) {
            if (product.payouts[i] == 0 || product.payouts[i] > MAX_PAYOUT) revert InvalidProduct(productId, "payout out of bounds");
            if (i > 0 && (product.thresholds[i] <= product.thresholds[i - 1] || product.payouts[i] < product.payouts[i - 1])) {
                revert InvalidProduct(productId, "thresholds and payouts must ascend");
            }
        }
        if (product.thresholds[0] <= 0 || product.maxPlausible < product.thresholds[product.bands - 1]) {
            revert InvalidProduct(productId, "thresholds must be positive and plausible");
        }
        _checkBounds("claimWindow", product.claimWindow, MIN_CLAIM_WINDOW, MAX_CLAIM_WINDOW);
        if (product.feed != address(0)) _checkBounds("maxFeedAge", product.maxFeedAge, MIN_FEED_AGE, MAX_FEED_AGE);
        _checkBounds("liveness", product.liveness, MIN_LIVENESS, MAX_LIVENESS);
        uint256 length = bytes(product.description).length;
        if (length == 0 || length > MAX_DESCRIPTION_BYTES) revert InvalidProduct(productId, "description of 1 to 200 bytes");
    }

    function _setParameters(uint32 minPolicies_, uint256 bond) private {
        _checkBounds("minPolicies", minPolicies_, MIN_ANONYMITY, MAX_ANONYMITY);
        _checkBounds("assertionBond", bond, 0, MAX_PAYOUT);
        minPolicies = minPolicies_;
        assertionBond = bond;
        emit ParametersSet(minPolicies_, bond);
    }

    function _checkBounds(string memory name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert ParameterOutOfBounds(name, value, min, max);
    }
}
