//! # Compute pallet
//!
//! The registry of AICChain's compute nodes: what hardware each offers, which roles it takes
//! (trainer, validator), whether it is alive, and the AICC bond that makes its word worth
//! something.
//!
//! ## Calls
//!
//! - [`register_node`](Pallet::register_node): declare a node's specs and roles; holds
//!   [`Config::NodeBond`] of the operator's AICC (`HoldReason::NodeBond`).
//! - [`update_specs`](Pallet::update_specs): declare new specs.
//! - [`heartbeat`](Pallet::heartbeat): a signed sign of life (the off-chain worker sends it);
//!   brings an inactive node back. Free when the last one is at least a quarter of the
//!   heartbeat timeout old: a live node pays nothing to stay alive, a chatty one pays.
//! - [`go_offline`](Pallet::go_offline): stop taking work, keep the registration.
//! - [`mark_inactive`](Pallet::mark_inactive): anyone may retire a node that missed its
//!   heartbeats from the active index, freeing its slot.
//! - [`unregister`](Pallet::unregister) then, after [`Config::UnbondingPeriod`],
//!   [`withdraw_unbonded`](Pallet::withdraw_unbonded): leave and get the bond back.
//! - [`top_up_bond`](Pallet::top_up_bond): restore a slashed bond to [`Config::NodeBond`] (a
//!   flagged node needs a full bond to be reinstated).
//!
//! ## Rules
//!
//! - A node is Active, Inactive, Flagged (by the reporting rules, through
//!   [`NodeRegistry::flag`]) or Leaving. A node whose last heartbeat is older than the network
//!   policy's `heartbeat_timeout` counts as Inactive whenever it is read; no hook scans nodes.
//! - The reporting rules slash bonds through [`NodeRegistry::slash`], also during unbonding;
//!   slashed AICC goes to [`Config::OnSlash`] (the community fund in AICChain's runtime).
//! - The nodes that may take work are kept in a small index, [`ActiveNodes`], of at most
//!   [`Config::MaxActiveNodes`] entries; matching reads only that index. A node enters it when
//!   it registers or comes back with a heartbeat and leaves it when it goes offline, is marked
//!   inactive, flagged or unregistered.
//! - Other pallets use this one only through [`NodeRegistry`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

use aicchain_primitives::{
	NodeId, NodeRegistry, NodeSpecs, NodeStatus, PolicyProvider, Role, Roles, SpecText,
};
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{BalancedHold, Credit, Inspect, MutateHold},
		tokens::Precision,
		Imbalance, OnUnbalanced,
	},
};
use frame_system::pallet_prelude::*;
use sp_runtime::{
	traits::{Saturating, Zero},
	ArithmeticError, Perbill,
};

pub use pallet::*;
pub use weights::WeightInfo;

/// An amount of the bond currency (AICC).
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Slashed AICC on its way to [`Config::OnSlash`].
pub type CreditOf<T> = Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

/// Specs as a call submits them: text fields unbounded, checked by the pallet.
pub type SubmittedSpecs = NodeSpecs<Vec<u8>>;

/// A registered node, as stored.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct NodeInfo<T: Config> {
	/// The account that registered the node and holds its bond.
	pub operator: T::AccountId,
	/// The declared hardware.
	pub specs: NodeSpecs<SpecText>,
	/// The work it takes.
	pub roles: Roles,
	/// Its status as last written; see [`Pallet::status_of`] for the status now.
	pub status: NodeStatus,
	/// The AICC held for it.
	pub bond: BalanceOf<T>,
	/// The block of its last heartbeat (or of its registration).
	pub last_heartbeat: BlockNumberFor<T>,
	/// For a Leaving node, the first block at which its bond can be withdrawn.
	pub unbonded_at: Option<BlockNumberFor<T>>,
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The currency bonds are held in (AICC).
		type Currency: MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ BalancedHold<Self::AccountId>;

		/// The overarching hold reason, which includes this pallet's [`HoldReason`].
		type RuntimeHoldReason: From<HoldReason>;

		/// The AICC held for each registered node. Must be non-zero.
		#[pallet::constant]
		type NodeBond: Get<BalanceOf<Self>>;

		/// The network policy, whose `heartbeat_timeout` says when a silent node counts as
		/// Inactive.
		type Policy: PolicyProvider;

		/// Receives slashed bonds.
		type OnSlash: OnUnbalanced<CreditOf<Self>>;

		/// Blocks between [`Pallet::unregister`] and [`Pallet::withdraw_unbonded`], during which
		/// the bond still answers for the node's work.
		#[pallet::constant]
		type UnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// The most nodes one operator may register. Must be non-zero.
		#[pallet::constant]
		type MaxNodesPerOperator: Get<u32>;

		/// The most nodes in the active index, [`ActiveNodes`]: the bound on the work matching
		/// does per round. Must be non-zero.
		#[pallet::constant]
		type MaxActiveNodes: Get<u32>;

		/// Weights of this pallet's calls, from its benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// The id the next registered node gets.
	#[pallet::storage]
	pub type NextNodeId<T> = StorageValue<_, NodeId, ValueQuery>;

	/// Every registered node (including those Leaving until their bond is withdrawn).
	// Ids are assigned by the pallet, not chosen by users: `Twox64Concat` is safe.
	#[pallet::storage]
	pub type Nodes<T: Config> = StorageMap<_, Twox64Concat, NodeId, NodeInfo<T>>;

	/// The nodes of each operator.
	// Account ids are chosen by users: `Blake2_128Concat`.
	#[pallet::storage]
	pub type OperatorNodes<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<NodeId, T::MaxNodesPerOperator>,
		ValueQuery,
	>;

	/// The nodes whose stored status is Active, in the order they became active: the only list
	/// matching reads. Entries whose heartbeat has lapsed stay until someone calls
	/// [`Pallet::mark_inactive`] or the node heartbeats again; readers skip them.
	#[pallet::storage]
	pub type ActiveNodes<T: Config> =
		StorageValue<_, BoundedVec<NodeId, T::MaxActiveNodes>, ValueQuery>;

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The bond of a registered compute node.
		NodeBond,
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A node was registered and its bond held.
		NodeRegistered { node: NodeId, operator: T::AccountId, bond: BalanceOf<T> },
		/// A node's operator declared new specs.
		SpecsUpdated { node: NodeId },
		/// A node sent a heartbeat.
		Heartbeat { node: NodeId },
		/// A node is Active again after being Inactive.
		NodeActivated { node: NodeId },
		/// A node's operator took it offline.
		NodeWentOffline { node: NodeId },
		/// A node that missed its heartbeats was marked Inactive.
		NodeMarkedInactive { node: NodeId },
		/// A node was flagged and takes no work until cleared.
		NodeFlagged { node: NodeId },
		/// A flagged node was cleared; it is Active again after its next heartbeat.
		NodeUnflagged { node: NodeId },
		/// A node was unregistered; its bond can be withdrawn from block `unbonded_at`.
		NodeUnregistered { node: NodeId, unbonded_at: BlockNumberFor<T> },
		/// A node's bond was returned to its operator and the node removed.
		BondWithdrawn { node: NodeId, operator: T::AccountId, amount: BalanceOf<T> },
		/// Part of a node's bond was slashed by the reporting rules.
		BondSlashed { node: NodeId, amount: BalanceOf<T> },
		/// A node's operator restored its slashed bond.
		BondToppedUp { node: NodeId, amount: BalanceOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No node has this id. Check the id in the `NodeRegistered` event.
		UnknownNode,
		/// Only the node's operator may do this. Sign with the account that registered it.
		NotOperator,
		/// A node must take at least one role: trainer, validator or both.
		NoRole,
		/// A trainer needs compute: declare at least one GPU or one CPU core.
		TrainerWithoutCompute,
		/// GPUs were declared without GPU memory. Declare the memory per GPU, in GiB.
		GpuWithoutMemory,
		/// The renewable share is a percentage: at most 100.
		RenewableShareOver100,
		/// The GPU model is longer than 64 bytes. Shorten it.
		GpuModelTooLong,
		/// The region is longer than 64 bytes. Shorten it.
		RegionTooLong,
		/// The operator already has the most nodes allowed. Unregister one first.
		TooManyNodes,
		/// The active index is full. Retire silent nodes with `mark_inactive`, or try later.
		TooManyActiveNodes,
		/// The free AICC balance cannot cover the node bond.
		InsufficientBond,
		/// The node is unregistering; it takes no more calls but `withdraw_unbonded`.
		NodeLeaving,
		/// The node is not Active (it is offline, flagged, silent or leaving).
		NotActive,
		/// The node is still heartbeating; only a node that missed its heartbeats can be marked.
		StillAlive,
		/// The node is not flagged.
		NotFlagged,
		/// The node has not been unregistered. Call `unregister` first.
		NotLeaving,
		/// The unbonding period has not ended yet. Wait for the block in `NodeUnregistered`.
		StillUnbonding,
		/// The node's bond is whole; there is nothing to top up.
		BondFull,
		/// The GPU model is not UTF-8 text. Give it as text, e.g. `NVIDIA H100`.
		GpuModelNotUtf8,
		/// The region is not UTF-8 text. Give it as text, e.g. `eu-west`.
		RegionNotUtf8,
		/// The artifact URL is longer than 64 bytes. Shorten it.
		ArtifactUrlTooLong,
		/// The artifact URL is not an `http://` or `https://` URL in UTF-8. Give one, e.g.
		/// `http://203.0.113.7:9955`, or leave it empty.
		BadArtifactUrl,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Nodes registered at genesis, as `register_node` would: operator, specs, roles. Each
		/// operator needs the bond in AICC.
		pub nodes: Vec<(T::AccountId, SubmittedSpecs, Roles)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (operator, specs, roles) in &self.nodes {
				Pallet::<T>::do_register(operator.clone(), specs.clone(), *roles)
					.expect("genesis nodes have valid specs and operators who can bond");
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(!T::NodeBond::get().is_zero(), "NodeBond must be non-zero");
			assert!(T::MaxNodesPerOperator::get() > 0, "MaxNodesPerOperator must be non-zero");
			assert!(T::MaxActiveNodes::get() > 0, "MaxActiveNodes must be non-zero");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers a compute node with `specs` and `roles`, holding [`Config::NodeBond`] of the
		/// caller's AICC. The node starts Active.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_node())]
		pub fn register_node(
			origin: OriginFor<T>,
			specs: SubmittedSpecs,
			roles: Roles,
		) -> DispatchResult {
			let operator = ensure_signed(origin)?;
			Self::do_register(operator, specs, roles)?;
			Ok(())
		}

		/// Replaces the specs of `node`. Only its operator may call this.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update_specs())]
		pub fn update_specs(
			origin: OriginFor<T>,
			node: NodeId,
			specs: SubmittedSpecs,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::ensure_operator(&who, node)?;
			ensure!(info.status != NodeStatus::Leaving, Error::<T>::NodeLeaving);
			info.specs = Self::ensure_valid_specs(specs, info.roles)?;

			Nodes::<T>::insert(node, info);
			Self::deposit_event(Event::SpecsUpdated { node });
			Ok(())
		}

		/// Records that `node` is alive. An Inactive node becomes Active again; a Flagged node
		/// stays Flagged but its liveness is recorded. Pays no fee when the node's previous
		/// heartbeat is at least a quarter of the policy's `heartbeat_timeout` old.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::heartbeat())]
		pub fn heartbeat(origin: OriginFor<T>, node: NodeId) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let mut info = Self::ensure_operator(&who, node)?;
			ensure!(info.status != NodeStatus::Leaving, Error::<T>::NodeLeaving);
			let reactivated = info.status == NodeStatus::Inactive;
			if reactivated {
				Self::do_activate(node)?;
				info.status = NodeStatus::Active;
			}

			let now = frame_system::Pallet::<T>::block_number();
			let free_after = T::Policy::policy().heartbeat_timeout / 4;
			let pays = if now.saturating_sub(info.last_heartbeat) >= free_after.into() {
				Pays::No
			} else {
				Pays::Yes
			};
			info.last_heartbeat = now;
			Nodes::<T>::insert(node, info);
			Self::deposit_event(Event::Heartbeat { node });
			if reactivated {
				Self::deposit_event(Event::NodeActivated { node });
			}
			Ok(pays.into())
		}

		/// Takes `node` out of work until its next heartbeat. The bond stays held.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::go_offline())]
		pub fn go_offline(origin: OriginFor<T>, node: NodeId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::ensure_operator(&who, node)?;
			ensure!(info.status == NodeStatus::Active, Error::<T>::NotActive);

			Self::do_deactivate(node);
			info.status = NodeStatus::Inactive;
			Nodes::<T>::insert(node, info);
			Self::deposit_event(Event::NodeWentOffline { node });
			Ok(())
		}

		/// Marks a node that missed its heartbeats as Inactive and removes it from the active
		/// index. Anyone may call this; it frees a slot for a live node.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::mark_inactive())]
		pub fn mark_inactive(origin: OriginFor<T>, node: NodeId) -> DispatchResult {
			ensure_signed(origin)?;
			let mut info = Nodes::<T>::get(node).ok_or(Error::<T>::UnknownNode)?;
			ensure!(info.status == NodeStatus::Active, Error::<T>::NotActive);
			ensure!(info.last_heartbeat < Self::alive_since(), Error::<T>::StillAlive);

			Self::do_deactivate(node);
			info.status = NodeStatus::Inactive;
			Nodes::<T>::insert(node, info);
			Self::deposit_event(Event::NodeMarkedInactive { node });
			Ok(())
		}

		/// Unregisters `node`: it takes no more work, and its bond can be withdrawn after
		/// [`Config::UnbondingPeriod`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::unregister())]
		pub fn unregister(origin: OriginFor<T>, node: NodeId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::ensure_operator(&who, node)?;
			ensure!(info.status != NodeStatus::Leaving, Error::<T>::NodeLeaving);

			let unbonded_at =
				frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingPeriod::get());
			Self::do_deactivate(node);
			info.status = NodeStatus::Leaving;
			info.unbonded_at = Some(unbonded_at);
			Nodes::<T>::insert(node, info);
			Self::deposit_event(Event::NodeUnregistered { node, unbonded_at });
			Ok(())
		}

		/// Returns the bond of an unregistered `node` to its operator once the unbonding period
		/// has passed, and removes the node.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::withdraw_unbonded())]
		pub fn withdraw_unbonded(origin: OriginFor<T>, node: NodeId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let info = Self::ensure_operator(&who, node)?;
			let unbonded_at = info.unbonded_at.ok_or(Error::<T>::NotLeaving)?;
			ensure!(
				frame_system::Pallet::<T>::block_number() >= unbonded_at,
				Error::<T>::StillUnbonding
			);

			let amount = T::Currency::release(
				&HoldReason::NodeBond.into(),
				&info.operator,
				info.bond,
				Precision::BestEffort,
			)?;
			OperatorNodes::<T>::mutate_exists(&info.operator, |nodes| {
				if let Some(list) = nodes {
					list.retain(|n| *n != node);
					if list.is_empty() {
						*nodes = None;
					}
				}
			});
			Nodes::<T>::remove(node);
			Self::deposit_event(Event::BondWithdrawn { node, operator: info.operator, amount });
			Ok(())
		}

		/// Holds as much more of the operator's AICC as `node`'s bond lost to slashes, so that
		/// it is [`Config::NodeBond`] again.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::top_up_bond())]
		pub fn top_up_bond(origin: OriginFor<T>, node: NodeId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut info = Self::ensure_operator(&who, node)?;
			ensure!(info.status != NodeStatus::Leaving, Error::<T>::NodeLeaving);
			let amount = T::NodeBond::get().saturating_sub(info.bond);
			ensure!(!amount.is_zero(), Error::<T>::BondFull);

			T::Currency::hold(&HoldReason::NodeBond.into(), &who, amount)
				.map_err(|_| Error::<T>::InsufficientBond)?;
			info.bond = T::NodeBond::get();
			Nodes::<T>::insert(node, info);
			Self::deposit_event(Event::BondToppedUp { node, amount });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The status of `node` now: a stored Active status whose heartbeat has lapsed reads as
	/// Inactive.
	pub fn status_of(info: &NodeInfo<T>) -> NodeStatus {
		Self::status_given(info, Self::alive_since())
	}

	/// The nodes `operator` runs.
	pub fn nodes_of(operator: &T::AccountId) -> Vec<NodeId> {
		OperatorNodes::<T>::get(operator).into_inner()
	}

	/// The public artifact URL of `node`'s trainer, if it declared one.
	pub fn artifact_url(node: NodeId) -> Option<Vec<u8>> {
		let url = Nodes::<T>::get(node)?.specs.artifact_url.into_inner();
		(!url.is_empty()).then_some(url)
	}

	/// Whether `node` should send a heartbeat now: it reads as Inactive, or, unless it is
	/// leaving, its last heartbeat is old enough for the next to be free (a quarter of the
	/// policy's `heartbeat_timeout`, as [`Pallet::heartbeat`] charges).
	pub fn heartbeat_due(node: NodeId) -> bool {
		let Some(info) = Nodes::<T>::get(node) else { return false };
		let free_after = T::Policy::policy().heartbeat_timeout / 4;
		let due = info.last_heartbeat.saturating_add(free_after.into());
		match Self::status_of(&info) {
			NodeStatus::Inactive => true,
			NodeStatus::Leaving => false,
			_ => frame_system::Pallet::<T>::block_number() >= due,
		}
	}

	/// What a slash of `fraction` takes of `info`'s bond: the one slash formula.
	fn slash_of(info: &NodeInfo<T>, fraction: Perbill) -> BalanceOf<T> {
		fraction.mul_floor(info.bond)
	}

	/// The status of `node` when heartbeats from `alive_since` on count as alive.
	fn status_given(info: &NodeInfo<T>, alive_since: BlockNumberFor<T>) -> NodeStatus {
		if info.status == NodeStatus::Active && info.last_heartbeat < alive_since {
			NodeStatus::Inactive
		} else {
			info.status
		}
	}

	/// The earliest block whose heartbeat still counts now: the policy's `heartbeat_timeout`
	/// blocks ago.
	fn alive_since() -> BlockNumberFor<T> {
		let timeout = T::Policy::policy().heartbeat_timeout;
		frame_system::Pallet::<T>::block_number().saturating_sub(timeout.into())
	}

	/// Whether `info` may take `role` when heartbeats from `alive_since` on count as alive.
	fn eligible_given(info: &NodeInfo<T>, role: Role, alive_since: BlockNumberFor<T>) -> bool {
		info.roles.has(role) && Self::status_given(info, alive_since) == NodeStatus::Active
	}

	/// The node `node`, if `who` operates it.
	fn ensure_operator(who: &T::AccountId, node: NodeId) -> Result<NodeInfo<T>, DispatchError> {
		let info = Nodes::<T>::get(node).ok_or(Error::<T>::UnknownNode)?;
		ensure!(info.operator == *who, Error::<T>::NotOperator);
		Ok(info)
	}

	/// Registers a node of `operator` with `specs` and `roles`, holding its bond; the node
	/// starts Active.
	fn do_register(
		operator: T::AccountId,
		specs: SubmittedSpecs,
		roles: Roles,
	) -> Result<NodeId, DispatchError> {
		let specs = Self::ensure_valid_specs(specs, roles)?;
		let node = NextNodeId::<T>::get();
		let next = node.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		OperatorNodes::<T>::try_mutate(&operator, |nodes| nodes.try_push(node))
			.map_err(|_| Error::<T>::TooManyNodes)?;
		Self::do_activate(node)?;
		let bond = T::NodeBond::get();
		T::Currency::hold(&HoldReason::NodeBond.into(), &operator, bond)
			.map_err(|_| Error::<T>::InsufficientBond)?;

		NextNodeId::<T>::put(next);
		Nodes::<T>::insert(
			node,
			NodeInfo {
				operator: operator.clone(),
				specs,
				roles,
				status: NodeStatus::Active,
				bond,
				last_heartbeat: frame_system::Pallet::<T>::block_number(),
				unbonded_at: None,
			},
		);
		Self::deposit_event(Event::NodeRegistered { node, operator, bond });
		Ok(node)
	}

	/// Checks submitted specs against `roles` and bounds their text fields.
	fn ensure_valid_specs(
		specs: SubmittedSpecs,
		roles: Roles,
	) -> Result<NodeSpecs<SpecText>, DispatchError> {
		ensure!(!roles.is_empty(), Error::<T>::NoRole);
		ensure!(
			!roles.trainer || specs.gpu_count > 0 || specs.cpu_cores > 0,
			Error::<T>::TrainerWithoutCompute
		);
		ensure!(specs.gpu_count == 0 || specs.gpu_memory_gib > 0, Error::<T>::GpuWithoutMemory);
		ensure!(specs.renewable_percent <= 100, Error::<T>::RenewableShareOver100);
		ensure!(core::str::from_utf8(&specs.gpu_model).is_ok(), Error::<T>::GpuModelNotUtf8);
		ensure!(core::str::from_utf8(&specs.region).is_ok(), Error::<T>::RegionNotUtf8);
		let url =
			core::str::from_utf8(&specs.artifact_url).map_err(|_| Error::<T>::BadArtifactUrl)?;
		ensure!(
			url.is_empty() || url.starts_with("http://") || url.starts_with("https://"),
			Error::<T>::BadArtifactUrl
		);
		let gpu_model = specs.gpu_model.try_into().map_err(|_| Error::<T>::GpuModelTooLong)?;
		let region = specs.region.try_into().map_err(|_| Error::<T>::RegionTooLong)?;
		let artifact_url =
			specs.artifact_url.try_into().map_err(|_| Error::<T>::ArtifactUrlTooLong)?;
		Ok(NodeSpecs {
			gpu_count: specs.gpu_count,
			gpu_model,
			gpu_memory_gib: specs.gpu_memory_gib,
			cpu_cores: specs.cpu_cores,
			memory_gib: specs.memory_gib,
			bandwidth_mbps: specs.bandwidth_mbps,
			latency_ms: specs.latency_ms,
			gflops_per_watt: specs.gflops_per_watt,
			renewable_percent: specs.renewable_percent,
			region,
			artifact_url,
		})
	}

	/// Adds `node` to the active index.
	fn do_activate(node: NodeId) -> DispatchResult {
		ActiveNodes::<T>::try_mutate(|active| active.try_push(node))
			.map_err(|_| Error::<T>::TooManyActiveNodes.into())
	}

	/// Removes `node` from the active index (if it is there).
	fn do_deactivate(node: NodeId) {
		ActiveNodes::<T>::mutate(|active| active.retain(|n| *n != node));
	}

	/// The invariants of this pallet's storage:
	/// - the AICC held for node bonds on each operator's account equals the bonds of its nodes;
	/// - every node is listed under its operator, and every listed node exists;
	/// - the active index holds exactly the nodes whose stored status is Active, once each;
	/// - only Leaving nodes have an unbonding block; node ids are below [`NextNodeId`].
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		use frame_support::traits::fungible::InspectHold;

		let next = NextNodeId::<T>::get();
		let index = ActiveNodes::<T>::get();
		let mut bonds: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut active = 0u32;
		for (node, info) in Nodes::<T>::iter() {
			ensure!(node < next, "a node id is not below NextNodeId");
			ensure!(
				OperatorNodes::<T>::get(&info.operator).contains(&node),
				"a node is missing from its operator's list"
			);
			ensure!(
				info.unbonded_at.is_some() == (info.status == NodeStatus::Leaving),
				"only Leaving nodes unbond"
			);
			let listed = index.iter().filter(|n| **n == node).count();
			let is_active = info.status == NodeStatus::Active;
			ensure!(listed == usize::from(is_active), "the active index does not match statuses");
			active += u32::from(is_active);
			let bond = bonds.entry(info.operator).or_insert_with(Zero::zero);
			*bond = bond.saturating_add(info.bond);
		}
		ensure!(index.len() as u32 == active, "the active index lists unknown nodes");
		for (operator, nodes) in OperatorNodes::<T>::iter() {
			ensure!(
				nodes.iter().all(Nodes::<T>::contains_key),
				"an operator lists a node that does not exist"
			);
			let held = T::Currency::balance_on_hold(&HoldReason::NodeBond.into(), &operator);
			let bonded = bonds.remove(&operator).unwrap_or_else(Zero::zero);
			ensure!(held == bonded, "held node bonds differ from the sum of the operator's bonds");
		}
		ensure!(bonds.is_empty(), "a node's operator has no node list");
		Ok(())
	}
}

impl<T: Config> NodeRegistry<T::AccountId> for Pallet<T> {
	type Balance = BalanceOf<T>;

	fn operator(node: NodeId) -> Option<T::AccountId> {
		Nodes::<T>::get(node).map(|info| info.operator)
	}

	fn specs(node: NodeId) -> Option<NodeSpecs<SpecText>> {
		Nodes::<T>::get(node).map(|info| info.specs)
	}

	fn status(node: NodeId) -> Option<NodeStatus> {
		Nodes::<T>::get(node).map(|info| Self::status_of(&info))
	}

	fn is_eligible(node: NodeId, role: Role) -> bool {
		Nodes::<T>::get(node)
			.is_some_and(|info| Self::eligible_given(&info, role, Self::alive_since()))
	}

	fn candidates(role: Role) -> Vec<NodeId> {
		// The policy is read once, not once per node.
		let alive_since = Self::alive_since();
		ActiveNodes::<T>::get()
			.into_iter()
			.filter(|node| {
				Nodes::<T>::get(node)
					.is_some_and(|info| Self::eligible_given(&info, role, alive_since))
			})
			.collect()
	}

	fn flag(node: NodeId) -> DispatchResult {
		Nodes::<T>::try_mutate(node, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownNode)?;
			ensure!(info.status != NodeStatus::Leaving, Error::<T>::NodeLeaving);
			if info.status != NodeStatus::Flagged {
				Self::do_deactivate(node);
				info.status = NodeStatus::Flagged;
				Self::deposit_event(Event::NodeFlagged { node });
			}
			Ok(())
		})
	}

	fn unflag(node: NodeId) -> DispatchResult {
		Nodes::<T>::try_mutate(node, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownNode)?;
			ensure!(info.status == NodeStatus::Flagged, Error::<T>::NotFlagged);
			info.status = NodeStatus::Inactive;
			Self::deposit_event(Event::NodeUnflagged { node });
			Ok(())
		})
	}

	fn slash(node: NodeId, fraction: Perbill) -> Result<BalanceOf<T>, DispatchError> {
		Nodes::<T>::try_mutate(node, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownNode)?;
			let amount = Self::slash_of(info, fraction);
			if amount.is_zero() {
				return Ok(amount);
			}
			let reason = HoldReason::NodeBond.into();
			let (credit, _) = T::Currency::slash(&reason, &info.operator, amount);
			let slashed = credit.peek(); // At most `amount`, which is at most the bond.
			info.bond = info.bond.saturating_sub(slashed);
			T::OnSlash::on_unbalanced(credit);
			Self::deposit_event(Event::BondSlashed { node, amount: slashed });
			Ok(slashed)
		})
	}

	fn slash_amount(node: NodeId, fraction: Perbill) -> Option<BalanceOf<T>> {
		Nodes::<T>::get(node).map(|info| Self::slash_of(&info, fraction))
	}

	fn bond_shortfall(node: NodeId) -> Option<BalanceOf<T>> {
		Nodes::<T>::get(node).map(|info| T::NodeBond::get().saturating_sub(info.bond))
	}
}
