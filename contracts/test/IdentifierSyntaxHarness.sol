// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IdentifierSyntax} from "../libraries/IdentifierSyntax.sol";

/**
 * @title IdentifierSyntaxHarness
 * @author Twinledger
 * @notice TEST ONLY — never deploy. Exposes the internal library {IdentifierSyntax} as external
 * functions for `test/evm/identifier-syntax.test.ts` and `scripts/bench/identifier-gas.ts`.
 */
contract IdentifierSyntaxHarness {
    /**
     * @notice Emitted by {parseAndKey} with what the library computed and what it cost.
     * @param scheme The identifier's scheme.
     * @param key The identifier's key.
     * @param namespaceSubject The identifier's namespace subject.
     * @param parseGas Gas spent in {IdentifierSyntax-parse}.
     * @param keyGas Gas spent in {IdentifierSyntax-key}.
     */
    event Parsed(
        IdentifierSyntax.Scheme scheme,
        bytes32 key,
        string namespaceSubject,
        uint256 parseGas,
        uint256 keyGas
    );

    /**
     * @notice Parses and keys `canonical` in a transaction, to measure the gas of both.
     * @param canonical The candidate canonical identifier.
     * @return scheme Its scheme.
     * @return identifierKey Its key.
     */
    function parseAndKey(
        string calldata canonical
    ) external returns (IdentifierSyntax.Scheme scheme, bytes32 identifierKey) {
        uint256 start = gasleft();
        string memory subject;
        (scheme, subject) = IdentifierSyntax.parse(canonical);
        uint256 parsed = gasleft();
        identifierKey = IdentifierSyntax.key(scheme, canonical);
        uint256 keyed = gasleft();
        emit Parsed(scheme, identifierKey, subject, start - parsed, parsed - keyed);
    }

    /**
     * @notice {IdentifierSyntax-parse}.
     * @param canonical The candidate canonical identifier.
     * @return scheme Its scheme.
     * @return namespaceSubject Its namespace subject.
     */
    function parse(
        string calldata canonical
    ) external pure returns (IdentifierSyntax.Scheme scheme, string memory namespaceSubject) {
        return IdentifierSyntax.parse(canonical);
    }

    /**
     * @notice {IdentifierSyntax-key}.
     * @param scheme The scheme.
     * @param canonical The canonical identifier.
     * @return identifierKey Its key.
     */
    function key(
        IdentifierSyntax.Scheme scheme,
        string calldata canonical
    ) external pure returns (bytes32 identifierKey) {
        return IdentifierSyntax.key(scheme, canonical);
    }

    /**
     * @notice {IdentifierSyntax-isValidNamespacePrefix}.
     * @param scheme The scheme.
     * @param prefix The candidate prefix.
     * @return valid Whether it is a valid namespace prefix of `scheme`.
     */
    function isValidNamespacePrefix(
        IdentifierSyntax.Scheme scheme,
        string calldata prefix
    ) external pure returns (bool valid) {
        return IdentifierSyntax.isValidNamespacePrefix(scheme, prefix);
    }

    /**
     * @notice The namespace candidates of a namespace subject, most specific first, walked with
     * {IdentifierSyntax-nextCandidateLength} and keyed with {IdentifierSyntax-namespaceKey}.
     * @param scheme The scheme.
     * @param subject The namespace subject returned by {IdentifierSyntax-parse}.
     * @return prefixes The candidate prefixes.
     * @return keys Their namespace keys.
     */
    function namespaceCandidates(
        IdentifierSyntax.Scheme scheme,
        string calldata subject
    ) external pure returns (string[] memory prefixes, bytes32[] memory keys) {
        string memory s = subject;
        bytes calldata raw = bytes(subject);
        uint256 count;
        for (
            uint256 n = IdentifierSyntax.nextCandidateLength(scheme, s, IdentifierSyntax.WALK_START);
            n != 0;
            n = IdentifierSyntax.nextCandidateLength(scheme, s, n)
        ) ++count;
        prefixes = new string[](count);
        keys = new bytes32[](count);
        uint256 i;
        for (
            uint256 n = IdentifierSyntax.nextCandidateLength(scheme, s, IdentifierSyntax.WALK_START);
            n != 0;
            n = IdentifierSyntax.nextCandidateLength(scheme, s, n)
        ) {
            prefixes[i] = string(raw[:n]);
            keys[i] = IdentifierSyntax.namespaceKey(scheme, s, n);
            ++i;
        }
    }
}
