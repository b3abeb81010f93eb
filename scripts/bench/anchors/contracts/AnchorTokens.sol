// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721URIStorage} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721URIStorage.sol";

/**
 * @title AnchorERC721
 * @notice BENCH ONLY. The plainest OpenZeppelin ERC721 that mints: what `registerAsset` is
 * compared with. No access control on {mint}, so that the anchor pays for nothing but the token.
 */
contract AnchorERC721 is ERC721 {
    constructor() ERC721("Twinledger anchor", "TLA") {}

    /// @notice Mints `tokenId` to `to`.
    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }
}

/**
 * @title AnchorERC721URIStorage
 * @notice BENCH ONLY. OpenZeppelin's ERC721URIStorage: a mint that also stores the token's URI,
 * which is what `registerAsset` with a metadata URI does.
 */
contract AnchorERC721URIStorage is ERC721URIStorage {
    constructor() ERC721("Twinledger anchor", "TLU") {}

    /// @notice Mints `tokenId` to `to` and stores its URI.
    function mint(address to, uint256 tokenId, string calldata uri) external {
        _mint(to, tokenId);
        _setTokenURI(tokenId, uri);
    }
}
